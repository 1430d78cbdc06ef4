"""On a phone (390 × 844), the action a role came for is within the first screen, right after
the page loads: an invited DSI's reply to the invitation, the requester's confirmation of a
resolved ticket, a DSI's update of a recommendation, the Secretariat's validation (issue 17).
Each page is given enough content that, in its former layout, the action sat well below the
first screen."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from helpdesk.models import Status
from helpdesk.services import message_add, ticket_transition
from meetings.services import invitations_send, meeting_create
from recommendations.models import Status as RecommendationStatus
from recommendations.services import update_submit
from tests.e2e.conftest import PHONE

LONG_TEXT = "\n".join(
    f"Point {n} : l'état d'avancement des chantiers numériques." for n in range(12)
)


def _top(page, role, name):
    box = page.get_by_role(role, name=name, exact=True).bounding_box()
    assert box is not None, f"{name!r} is not rendered"
    return box["y"]


def test_an_invited_dsi_replies_from_the_first_screen(journey, cast):
    # Chromium's clock cannot be moved: the meeting is ahead of the real now, so answers are open.
    start = timezone.now() + timedelta(days=10)
    meeting = meeting_create(
        actor=cast.secretariat,
        title="Rencontre trimestrielle entre le MTDPCE et les DSI",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        venue="Salle de conférence du MTDPCE",
        description=LONG_TEXT,
    )
    invitations_send(actor=cast.secretariat, meeting=meeting, structures=[cast.health])
    page, audit = journey(cast.dsi_health)

    page.goto(f"/meetings/{meeting.pk}/")
    audit.check()
    assert _top(page, "button", "Envoyer ma réponse") < PHONE["height"]

    page.get_by_label("Je participerai").check()
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_test_id("my-response")).to_have_text("Participera")
    audit.check()


def test_the_requester_confirms_a_resolved_ticket_from_the_first_screen(journey, cast, make_ticket):
    ticket = make_ticket("Webmail inaccessible", description=LONG_TEXT)
    for n in range(3):
        message_add(actor=cast.agent, ticket=ticket, body=f"Relance {n} : {LONG_TEXT}")
        message_add(actor=cast.dsi_health, ticket=ticket, body="Toujours inaccessible ce matin.")
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    page, audit = journey(cast.dsi_health)

    page.goto(f"/helpdesk/{ticket.reference}/")
    audit.check()
    assert _top(page, "button", "Confirmer la résolution") < PHONE["height"]
    assert _top(page, "button", "Rouvrir") < PHONE["height"]

    page.get_by_role("button", name="Confirmer la résolution").click()
    expect(page.get_by_test_id("status")).to_have_text("Clôturée")
    audit.check()
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED


def test_a_dsi_updates_and_the_secretariat_validates_from_the_first_screen(
    journey, cast, make_recommendation
):
    recommendation = make_recommendation(f"Généraliser la messagerie professionnelle. {LONG_TEXT}")
    page, audit = journey(cast.dsi_health)
    page.goto(f"/recommendations/{recommendation.pk}/")
    audit.check()
    assert _top(page, "link", "Mettre à jour") < PHONE["height"]

    update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=RecommendationStatus.IN_PROGRESS,
        progress=40,
        comment="La migration des boîtes a commencé.",
    )
    page, audit = journey(cast.secretariat)
    page.goto("/recommendations/validations/")
    audit.check()
    assert _top(page, "button", "Valider") < PHONE["height"]
    assert _top(page, "button", "Rejeter") < PHONE["height"]
