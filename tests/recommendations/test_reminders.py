"""Due-date reminders: to the focal person (or the lead structure's DSIs) two weeks before the
due date, then once a week while overdue; nothing for a closed recommendation."""

from datetime import date

import time_machine
from django.core import mail

from core import outbox
from recommendations.models import Recommendation, Status
from recommendations.services.reminders import recommendation_reminders_plan
from tests.conftest import at

DUE = date(2026, 6, 30)


def run_at(moment):
    """What the hourly planner and the dispatcher send at that moment."""
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        recommendation_reminders_plan()
        outbox.notifications_dispatch()
    return [(m.to[0], m.subject) for m in mail.outbox]


def test_the_lead_dsi_is_reminded_two_weeks_before_the_due_date_once(cast, make_recommendation):
    recommendation = make_recommendation(due_date=DUE)
    assert run_at(at(2026, 6, 15, 10)) == []
    sent = run_at(at(2026, 6, 16, 8))
    assert sent == [
        (
            cast.dsi_health.email,
            f"Échéance le 30 juin 2026 : recommandation {recommendation.reference}",
        )
    ]
    assert "dans 14 jours" in mail.outbox[0].body
    assert f"http://testserver/recommendations/{recommendation.pk}/update/" in mail.outbox[0].body
    # The planner runs every hour: nothing more until the recommendation is late.
    for moment in (at(2026, 6, 16, 9), at(2026, 6, 22, 9), at(2026, 6, 30, 17)):
        assert run_at(moment) == []


def test_an_overdue_recommendation_is_recalled_weekly(cast, make_recommendation):
    recommendation = make_recommendation(due_date=DUE)
    run_at(at(2026, 6, 16, 8))
    overdue = [(cast.dsi_health.email, f"En retard : recommandation {recommendation.reference}")]
    assert run_at(at(2026, 7, 1, 8)) == overdue
    assert "1 jour de retard" in mail.outbox[0].body
    assert run_at(at(2026, 7, 5, 8)) == []
    assert run_at(at(2026, 7, 8, 8)) == overdue
    assert run_at(at(2026, 7, 9, 8)) == []
    assert run_at(at(2026, 7, 15, 8)) == overdue


def test_the_focal_person_alone_is_reminded_when_there_is_one(cast, make_recommendation):
    from accounts.roles import Role
    from tests.conftest import make_user

    focal = make_user("point.focal@sante.gov.bf", cast.health, Role.DSI)
    make_recommendation(due_date=DUE, focal_person=focal)
    assert [to for to, _subject in run_at(at(2026, 6, 20, 8))] == [focal.email]


def test_a_closed_recommendation_is_not_reminded(cast, make_recommendation):
    recommendation = make_recommendation(due_date=DUE)
    Recommendation.objects.filter(pk=recommendation.pk).update(status=Status.IMPLEMENTED)
    assert run_at(at(2026, 6, 20, 8)) == []
    assert run_at(at(2026, 7, 8, 8)) == []


def test_a_reminder_planned_before_the_recommendation_closed_is_not_sent(cast, make_recommendation):
    recommendation = make_recommendation(due_date=DUE)
    with time_machine.travel(at(2026, 6, 20, 8), tick=False):
        recommendation_reminders_plan()
    Recommendation.objects.filter(pk=recommendation.pk).update(status=Status.IMPLEMENTED)
    mail.outbox.clear()
    with time_machine.travel(at(2026, 6, 20, 8, 5), tick=False):
        outbox.notifications_dispatch()
    assert mail.outbox == []


def test_a_new_due_date_starts_the_reminders_afresh(cast, make_recommendation):
    recommendation = make_recommendation(due_date=DUE)
    run_at(at(2026, 6, 16, 8))
    Recommendation.objects.filter(pk=recommendation.pk).update(due_date=date(2026, 9, 30))
    assert run_at(at(2026, 7, 8, 8)) == []
    sent = run_at(at(2026, 9, 16, 8))
    assert [subject for _to, subject in sent] == [
        f"Échéance le 30 septembre 2026 : recommandation {recommendation.reference}"
    ]


def test_a_reminder_planned_at_night_leaves_when_the_working_day_starts(cast, make_recommendation):
    make_recommendation(due_date=DUE)
    assert run_at(at(2026, 6, 20, 0, 30)) == []
    assert [to for to, _subject in run_at(at(2026, 6, 20, 8, 0))] == [cast.dsi_health.email]


def test_the_overdue_reminders_leave_a_week_apart(cast, make_recommendation):
    """Due on Tuesday 30 June: late from Wednesday 1 July, reminded then, and again on
    Wednesday 8 July, not on Tuesday 7 (six days after the first)."""
    recommendation = make_recommendation(due_date=DUE)
    overdue = [(cast.dsi_health.email, f"En retard : recommandation {recommendation.reference}")]
    assert run_at(at(2026, 7, 1, 8)) == overdue
    assert run_at(at(2026, 7, 7, 8)) == []
    assert run_at(at(2026, 7, 8, 8)) == overdue
    assert "8 jours de retard" in mail.outbox[0].body
    assert run_at(at(2026, 7, 14, 8)) == []
    assert run_at(at(2026, 7, 15, 8)) == overdue
