"""Once published, the minutes of the January session change only by corrections: each is a
new version with its reason, announced once to each invitee, shown with its differences; an
approval stays with the version approved. The first draft starts from the agenda."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core import outbox
from core.models import Notification
from meetings.emails import MINUTES_CORRECTED
from meetings.models import Minutes, MinutesVersion
from meetings.selectors import minutes_skeleton
from meetings.services import (
    agenda_item_create,
    attendance_record,
    invitations_send,
    meeting_mark_held,
    minutes_approve,
    minutes_correct,
    minutes_publish,
    minutes_save_draft,
)
from meetings.services.reminders import minutes_correction_notify

Standing = MinutesVersion.Standing
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def published(cast, january_session):
    """January's minutes, published, the health and education DSIs invited."""
    invitations_send(
        actor=cast.secretariat, meeting=january_session, structures=[cast.health, cast.education]
    )
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Projet")
    minutes_save_draft(
        actor=cast.secretariat,
        meeting=january_session,
        body="Présents : 42 DSI\nOrdre du jour\nMessagerie professionnelle",
    )
    minutes_publish(actor=cast.secretariat, meeting=january_session)
    return january_session


def correct(cast, meeting, body, reason="Nombre de présents erroné"):
    return minutes_correct(actor=cast.secretariat, meeting=meeting, body=body, reason=reason)


def corrections_sent():
    """Send what is due; the correction notices among the messages."""
    mail.outbox.clear()
    outbox.notifications_dispatch()
    return [m for m in mail.outbox if m.subject.startswith("Compte rendu corrigé")]


def corrected_rows(**filters):
    return Notification.objects.filter(kind=str(MINUTES_CORRECTED), **filters)


def test_a_correction_is_a_new_version_marked_with_its_reason(cast, published):
    _minutes, version = correct(
        cast, published, "Présents : 45 DSI\nOrdre du jour\nMessagerie professionnelle"
    )

    assert version.number == 3
    assert version.standing == Standing.CORRECTION
    assert version.is_correction
    assert version.correction_reason == "Nombre de présents erroné"
    standings = {v.number: v.standing for v in MinutesVersion.objects.all()}
    assert standings == {1: Standing.DRAFT, 2: Standing.PUBLISHED, 3: Standing.CORRECTION}


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_correction_without_a_reason_is_refused(cast, published, reason):
    with pytest.raises(ValidationError) as refused:
        correct(cast, published, "Texte corrigé", reason=reason)

    assert "correction_reason" in refused.value.message_dict
    assert MinutesVersion.objects.count() == 2


def test_published_minutes_are_not_changed_as_a_draft(cast, published):
    with pytest.raises(ValidationError, match="comme correction"):
        minutes_save_draft(actor=cast.secretariat, meeting=published, body="Autre texte")


def test_a_draft_is_not_corrected(cast, january_session):
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Projet")

    with pytest.raises(ValidationError, match="Seul un compte rendu publié"):
        correct(cast, january_session, "Projet relu")


def test_a_correction_that_changes_nothing_is_refused(cast, published):
    with pytest.raises(ValidationError, match="rien à corriger"):
        correct(cast, published, "Présents : 42 DSI\nOrdre du jour\nMessagerie professionnelle")


def test_each_invitee_hears_of_a_correction_once(
    cast, published, django_capture_on_commit_callbacks
):
    _minutes, version = correct(cast, published, "Présents : 45 DSI")
    minutes_correction_notify(minutes=version.minutes, version=version)  # planned again

    rows = corrected_rows(payload__version=3)
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(
        [cast.dsi_health.pk, cast.dsi_education.pk]
    )
    sent = corrections_sent()
    assert sorted(m.to[0] for m in sent) == sorted(
        [cast.dsi_health.email, cast.dsi_education.email]
    )
    assert "Nombre de présents erroné" in sent[0].body
    assert corrections_sent() == []


def test_a_second_correction_is_announced_again(cast, published):
    correct(cast, published, "Présents : 45 DSI")
    correct(cast, published, "Présents : 46 DSI", reason="Un retardataire")

    assert corrected_rows(recipient=cast.dsi_health).count() == 2


def test_the_versions_page_shows_the_changed_words(cast, login, published):
    correct(cast, published, "Présents : 45 DSI\nOrdre du jour\nMessagerie professionnelle")

    page = login(cast.dsi_health).get(f"/meetings/{published.pk}/minutes/versions/")

    html = page.content.decode()
    assert "Présents : <del>42</del><ins>45</ins> DSI" in html
    assert "Modifications de la version 2 à la version 3" in html
    assert "Nombre de présents erroné" in html
    assert page.context["old"].number == 2


def test_hostile_text_is_escaped_in_the_diff(cast, login, published):
    correct(cast, published, f"Présents : 42 DSI {HOSTILE}", reason=HOSTILE)

    html = login(cast.dsi_health).get(f"/meetings/{published.pk}/minutes/versions/").content
    html = html.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_hostile_text_is_escaped_in_the_email(cast, published):
    correct(cast, published, "Présents : 45 DSI", reason=HOSTILE)

    message = corrections_sent()[0]
    html = message.alternatives[0][0]
    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html
    assert HOSTILE in message.body  # the text part is plain text


def test_a_correction_after_approval_leaves_the_approval_with_the_version_approved(
    cast, login, published, april_session
):
    meeting_mark_held(actor=cast.secretariat, meeting=april_session)
    minutes_approve(actor=cast.secretariat, at_meeting=april_session)

    minutes, version = correct(cast, published, "Présents : 45 DSI")

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_version == 2
    assert version.standing == Standing.AFTER_APPROVAL
    assert MinutesVersion.objects.get(number=2).standing == Standing.APPROVED
    page = login(cast.dsi_health).get(f"/meetings/{published.pk}/").content.decode()
    assert 'data-testid="minutes-correction"' in page
    assert "cette correction lui est postérieure et n'est pas approuvée" in page
    form = login(cast.secretariat).get(f"/meetings/{published.pk}/minutes/edit/")
    assert 'data-testid="after-approval"' in form.content.decode()


def test_the_form_asks_for_the_reason_of_a_correction(cast, login, published):
    client = login(cast.secretariat)
    url = f"/meetings/{published.pk}/minutes/edit/"

    page = client.get(url)
    assert "correction_reason" in page.context["form"].fields
    refused = client.post(url, {"body": "Présents : 45 DSI"})
    assert refused.status_code == 200
    assert MinutesVersion.objects.count() == 2
    client.post(url, {"body": "Présents : 45 DSI", "correction_reason": "Présents"})
    assert MinutesVersion.objects.get(number=3).correction_reason == "Présents"


def test_the_first_draft_starts_from_the_agenda_in_order(cast, login, january_session):
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[cast.health])
    for title, presenter in [
        ("e-Conseil des Ministres", cast.secretary_general),
        ("Circuit intégré des missions", None),
        ("Messagerie professionnelle", cast.agent),
    ]:
        agenda_item_create(
            actor=cast.secretariat, meeting=january_session, title=title, presenter=presenter
        )
    invitation = january_session.invitations.get()
    attendance_record(
        actor=cast.secretariat, meeting=january_session, attendance={invitation.pk: "present"}
    )

    body = (
        login(cast.secretariat)
        .get(f"/meetings/{january_session.pk}/minutes/edit/")
        .context["form"]
        .initial["body"]
    )

    assert body == minutes_skeleton(january_session)
    assert body.startswith("# 1ère rencontre 2022 entre le MTDPCE et les DSI\n")
    assert "jeudi 20 janvier 2022" in body
    assert "Salle de conférence du MTDPCE" in body
    assert "**Participation :** 1 présent, sur 1 invité." in body
    headings = [line for line in body.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 1. e-Conseil des Ministres",
        "## 2. Circuit intégré des missions",
        "## 3. Messagerie professionnelle",
    ]
    assert f"*Présenté par : {cast.secretary_general}*" in body
    assert f"*Présenté par : {cast.agent}*" in body


def test_an_existing_draft_is_never_replaced_by_the_skeleton(cast, login, january_session):
    agenda_item_create(actor=cast.secretariat, meeting=january_session, title="Divers")
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Mon brouillon")

    page = login(cast.secretariat).get(f"/meetings/{january_session.pk}/minutes/edit/")

    assert page.context["form"].initial["body"] == "Mon brouillon"
    assert 'data-testid="skeleton-explained"' not in page.content.decode()
