"""The Secretary General's weekly digest: once a week to each reader who did not opt out, with
the implementation rate and its change since the last digest, the newly overdue and escalated
recommendations, the meetings ahead and the helpdesk's SLA compliance."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail

from accounts.models import User
from accounts.permissions import reads_digest
from accounts.roles import Role
from accounts.selectors import digest_readers
from core import outbox
from dsi_portal.digest import weekly_digest_plan
from helpdesk.models import Ticket
from meetings.models import Meeting
from recommendations.models import Recommendation, Status
from tests.conftest import at, make_user

MONDAY = at(2026, 11, 23, 7)


def digest_at(moment):
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        weekly_digest_plan()
        outbox.notifications_dispatch()
    return [m for m in mail.outbox if m.subject.startswith("Récapitulatif")]


@pytest.fixture
def recommendations(cast, make_recommendation):
    """Four recommendations: one implemented, one due last Friday, one overdue since the summer
    (escalated), one due next year."""
    done = make_recommendation("Généraliser la messagerie", due_date=date(2026, 6, 30))
    Recommendation.objects.filter(pk=done.pk).update(status=Status.IMPLEMENTED)
    return {
        "done": done,
        "new_late": make_recommendation("Déployer le e-Conseil", due_date=date(2026, 11, 20)),
        "escalated": make_recommendation(
            "Raccorder au RESINA", lead=cast.education, due_date=date(2026, 7, 31)
        ),
        "later": make_recommendation("Former les agents", due_date=date(2027, 6, 30)),
    }


def test_the_digest_goes_to_the_secretary_general_once_a_week(cast, recommendations):
    sent = digest_at(MONDAY)
    assert [m.to for m in sent] == [[cast.secretary_general.email]]
    assert digest_at(MONDAY + timedelta(hours=1)) == []
    assert [m.to for m in digest_at(MONDAY + timedelta(days=7))] == [[cast.secretary_general.email]]


def test_a_reader_who_opted_out_gets_no_digest(cast, recommendations):
    cast.secretary_general.receives_digest = False
    cast.secretary_general.save()
    assert digest_at(MONDAY) == []


def test_the_readers_are_whoever_the_permission_calls_a_reader_minus_opt_outs(cast):
    # The permission offers the option on the profile; the list is who is sent the digest.
    gone = make_user("parti@mtdpce.gov.bf", cast.mtdpce, Role.SECRETARY_GENERAL, is_active=False)
    away = make_user("absent@mtdpce.gov.bf", cast.mtdpce, Role.SECRETARY_GENERAL)
    away.receives_digest = False
    away.save()
    listed = list(digest_readers())
    assert sorted(u.pk for u in listed) == sorted(
        u.pk for u in User.objects.all() if u.is_active and u.receives_digest and reads_digest(u)
    )
    assert listed == [cast.secretary_general]
    assert reads_digest(away) and reads_digest(gone) and not reads_digest(cast.secretariat)


def test_a_digest_planned_before_the_opt_out_is_not_sent(cast, recommendations):
    with time_machine.travel(MONDAY, tick=False):
        weekly_digest_plan()
    cast.secretary_general.receives_digest = False
    cast.secretary_general.save()
    mail.outbox.clear()
    with time_machine.travel(MONDAY, tick=False):
        outbox.notifications_dispatch()
    assert mail.outbox == []


def test_the_digest_gives_the_rate_and_what_became_late_or_is_escalated(
    cast, recommendations, make_ticket, settings
):
    settings.RECOMMENDATION_ESCALATION_DAYS = 30
    [digest] = digest_at(MONDAY)
    assert digest.subject == (
        "Récapitulatif hebdomadaire : 25,0 % des recommandations mises en œuvre"
    )
    body = digest.body
    assert "25,0 % mises en œuvre (1 sur 4, hors abandonnées)" in body
    assert "Pas de récapitulatif précédent pour comparer." in body
    late_section = body.split("Devenues en retard cette semaine")[1].split("Escalade")[0]
    assert recommendations["new_late"].reference in late_section
    assert recommendations["escalated"].reference not in late_section
    escalated_section = body.split("Escalade")[1].split("Réunions")[0]
    assert recommendations["escalated"].reference in escalated_section
    assert recommendations["later"].reference not in body


def test_the_next_digest_says_how_the_rate_changed(cast, recommendations):
    digest_at(MONDAY)
    Recommendation.objects.filter(pk=recommendations["later"].pk).update(status=Status.IMPLEMENTED)
    [digest] = digest_at(MONDAY + timedelta(days=7))
    assert "50,0 % mises en œuvre (2 sur 4" in digest.body
    assert "Évolution depuis le récapitulatif du 23 novembre 2026 : +25,0 point(s)." in digest.body
    # Each session's rate, with its own change.
    assert "- 1ère rencontre 2022 entre le MTDPCE et les DSI : 50,0 % (2/4) (+25,0)" in digest.body


def test_the_digest_lists_the_meetings_ahead_and_the_helpdesk_compliance(
    cast, recommendations, make_ticket
):
    Meeting.objects.create(title="Session de décembre <b>", starts_at=at(2026, 12, 10, 9))
    Meeting.objects.create(
        title="Session annulée", starts_at=at(2026, 12, 3, 9), status="cancelled"
    )
    with time_machine.travel(at(2026, 11, 16, 8), tick=False):
        on_time, late = make_ticket(title="A"), make_ticket(title="B")
    Ticket.objects.filter(pk=on_time.pk).update(
        status="resolved", resolved_at=at(2026, 11, 17, 9), resolution_due_at=at(2026, 11, 18, 9)
    )
    Ticket.objects.filter(pk=late.pk).update(
        status="resolved", resolved_at=at(2026, 11, 20, 9), resolution_due_at=at(2026, 11, 18, 9)
    )
    # A duplicate merged into another ticket was closed by the merge, not resolved.
    with time_machine.travel(at(2026, 11, 16, 8), tick=False):
        duplicate = make_ticket(title="B bis")
    Ticket.objects.filter(pk=duplicate.pk).update(
        status="closed",
        merged_into=late,
        resolved_at=at(2026, 11, 19, 9),
        resolution_due_at=at(2026, 11, 18, 9),
    )
    [digest] = digest_at(MONDAY)
    assert "jeudi 10 décembre 2026, 09:00 — Session de décembre <b>" in digest.body
    assert "Session annulée" not in digest.body
    assert "50,0 % des demandes résolues dans les délais (1 sur 2)." in digest.body
    html = digest.alternatives[0][0]
    assert "Session de décembre &lt;b&gt;" in html
    assert "Session de décembre <b>" not in html


def test_the_secretary_general_can_opt_out_on_the_profile_page(cast, login):
    client = login(cast.secretary_general)
    page = client.get("/accounts/profile/").content.decode()
    assert 'name="receives_digest"' in page
    response = client.post(
        "/accounts/profile/",
        {"first_name": "Salif", "last_name": "Ouattara", "job_title": "", "phone": ""},
    )
    assert response.status_code == 302
    cast.secretary_general.refresh_from_db()
    assert cast.secretary_general.receives_digest is False


def test_a_dsi_is_not_offered_the_digest_and_keeps_the_setting(cast, login):
    client = login(cast.dsi_health)
    assert 'name="receives_digest"' not in client.get("/accounts/profile/").content.decode()
    client.post(
        "/accounts/profile/",
        {"first_name": "Aïcha", "last_name": "Kaboré", "job_title": "", "phone": ""},
    )
    cast.dsi_health.refresh_from_db()
    assert cast.dsi_health.receives_digest is True


def test_became_late_this_week_means_due_at_most_seven_days_ago(cast, make_recommendation):
    """On Monday 23 November, "devenues en retard cette semaine" lists what fell due from
    Monday 16 (late since Tuesday 17, after last week's digest) to Sunday 22: not what is due
    today (not late yet), nor what was due on Sunday 15 (late since Monday 16, in last week's
    digest)."""
    due = {
        day: make_recommendation(f"Échéance le {day} novembre", due_date=date(2026, 11, day))
        for day in (15, 16, 22, 23)
    }
    [digest] = digest_at(MONDAY)
    late_section = digest.body.split("Devenues en retard cette semaine")[1].split("Escalade")[0]
    listed = {day for day, r in due.items() if r.reference in late_section}
    assert listed == {16, 22}
    assert "Devenues en retard cette semaine (2)" in digest.body
    assert "échéance 16 novembre 2026" in late_section
