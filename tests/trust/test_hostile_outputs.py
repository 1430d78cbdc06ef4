"""Hostile text, once accepted by a form, never breaks what is made of it (issue 8, item 3).

Hypothesis types the text; the stories then produce everything that carries it: the pages, the
e-mails (sent at once or through the outbox), the PDFs, the spreadsheets, the calendar entries.
Nothing answers a 500 and no e-mail fails to build.
"""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.models import Notification
from core.outbox import notifications_dispatch
from helpdesk.models import Ticket
from meetings.models import Meeting
from recommendations.models import Recommendation, Theme

from .conftest import Visitor, rolled_back
from .test_hostile_forms import NASTY

# The forms' hostile text, with long strings kept to a few hundred characters: the forms test
# the very long ones; here each example lays out PDFs, and a 10,000-character word is slow to.
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.builds(
        lambda piece, times: piece * times, st.text(min_size=1, max_size=3), st.integers(50, 300)
    ),
)

BUDGET = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


def ok(answer, what):
    assert not str(answer).startswith("500"), f"{what}: {answer}"


@BUDGET
@given(title=TEXT, description=TEXT, reply=TEXT)
# Found by a draw on PostgreSQL: a title with NUL, refused by the form, made the lookup of the
# new ticket by its title fail (PostgreSQL refuses NUL in a query).
@example(title="Panne\x00réseau", description="Plus d'accès.", reply="Nous regardons.")
def test_a_hostile_ticket_is_filed_mailed_shown_and_printed(
    client, cast, world, django_capture_on_commit_callbacks, title, description, reply
):
    dsi, agent = Visitor(client, cast.dsi_health), None
    with rolled_back():
        last_before = Ticket.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        with django_capture_on_commit_callbacks(execute=True):
            ok(
                dsi.request(
                    "post",
                    "/helpdesk/new/",
                    {
                        "title": title,
                        "description": description,
                        "category": world.health.ticket.category_id,
                        "priority": world.health.ticket.priority_id,
                    },
                ),
                "filing",
            )
        ticket = Ticket.objects.filter(pk__gt=last_before).first()
        if ticket is not None:
            agent = Visitor(client, cast.agent)
            with django_capture_on_commit_callbacks(execute=True):
                ok(
                    agent.request("post", f"/helpdesk/{ticket.reference}/reply/", {"body": reply}),
                    "reply",
                )
            for address in [
                "/helpdesk/",
                f"/helpdesk/{ticket.reference}/",
                f"/helpdesk/{ticket.reference}/export.pdf",
                "/helpdesk/stats/",
            ]:
                ok(agent.request("get", address), address)
            notifications_dispatch()
            assert not Notification.objects.exclude(last_error="").exists()


@BUDGET
@given(title=TEXT, venue=TEXT, description=TEXT, body=TEXT)
def test_a_hostile_meeting_is_invited_to_shown_and_printed(
    client, cast, world, django_capture_on_commit_callbacks, title, venue, description, body
):
    secretariat = Visitor(client, cast.secretariat)
    with rolled_back():
        ok(
            secretariat.request(
                "post",
                "/meetings/new/",
                {
                    "title": title,
                    "kind": "ordinary",
                    "starts_at": "2030-01-10T09:00",
                    "venue": venue,
                    "description": description,
                },
            ),
            "creating",
        )
        meeting = Meeting.objects.exclude(pk__in=[world.january.pk]).order_by("-pk").first()
        base = f"/meetings/{meeting.pk}/"
        with django_capture_on_commit_callbacks(execute=True):
            secretariat.request("post", base + "invite/", {"structures": [cast.health.pk]})
            ok(secretariat.request("post", base + "minutes/edit/", {"body": body}), "minutes")
        for address in [
            "/meetings/",
            base,
            base + "event.ics",
            base + "minutes.pdf",
            "/meetings/calendar/?month=2030-01",
            "/meetings/feed/",
        ]:
            ok(secretariat.request("get", address), address)
        ok(Visitor(client, None).request("get", f"/meetings/feed/{world.feeds['dsi']}.ics"), "feed")
        notifications_dispatch()
        assert not Notification.objects.exclude(last_error="").exists()


@BUDGET
@given(text=TEXT, reason=TEXT, comment=TEXT)
def test_a_hostile_recommendation_is_listed_exported_and_reported(
    client, cast, world, django_capture_on_commit_callbacks, text, reason, comment
):
    secretariat = Visitor(client, cast.secretariat)
    with rolled_back():
        ok(
            secretariat.request(
                "post",
                "/recommendations/new/",
                {
                    "meeting": world.january.pk,
                    "text": text,
                    "theme": Theme.objects.get(name="Serveur de fichiers").pk,
                    "lead_structure": cast.health.pk,
                    "priority": "high",
                    "status": "blocked",
                    "status_reason": reason,
                    "progress": 10,
                },
            ),
            "creating",
        )
        recommendation = Recommendation.objects.order_by("-pk").first()
        with django_capture_on_commit_callbacks(execute=True):
            ok(
                Visitor(client, cast.dsi_health).request(
                    "post",
                    f"/recommendations/{recommendation.pk}/update/",
                    {"status": "in_progress", "progress": 30, "comment": comment},
                ),
                "update",
            )
        secretariat = Visitor(client, cast.secretariat)
        for address in [
            "/recommendations/",
            f"/recommendations/{recommendation.pk}/",
            "/recommendations/validations/",
            "/recommendations/export.xlsx",
            "/recommendations/export.csv",
            f"/recommendations/report/{world.january.pk}.xlsx",
            f"/recommendations/report/{world.january.pk}.pdf",
            "/recommendations/dashboard/",
        ]:
            ok(secretariat.request("get", address), address)


def test_a_meeting_title_with_a_line_break_keeps_its_calendar_and_invitations_working(
    client, cast, world, django_capture_on_commit_callbacks
):
    """Found by the test above: the title is the .ics file's calendar name, which icalendar
    does not escape; a line break in it crashed the .ics and every invitation e-mail."""
    client.force_login(cast.secretariat)
    client.post(
        "/meetings/new/",
        {"title": "Atelier\nsécurité", "kind": "ordinary", "starts_at": "2030-01-10T09:00"},
    )
    meeting = Meeting.objects.get(title="Atelier\nsécurité")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/meetings/{meeting.pk}/invite/", {"structures": [cast.health.pk]})
    notifications_dispatch()

    response = client.get(f"/meetings/{meeting.pk}/event.ics")
    assert response.status_code == 200
    assert b"X-WR-CALNAME:Atelier s\xc3\xa9curit\xc3\xa9\r\n" in response.content
    assert not Notification.objects.exclude(last_error="").exists()
    assert Notification.objects.filter(state=Notification.State.SENT).exists()
