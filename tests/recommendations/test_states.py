"""The derived states computed by the database (overdue, days late, stale), and the list sorted
by them."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from recommendations.models import Recommendation, Status
from recommendations.services import recommendation_update
from tests.conftest import at


def states():
    return {r.text: r for r in Recommendation.objects.with_states()}


def test_derived_states_are_computed_in_the_database(
    make_recommendation, cast, settings, implement
):
    settings.RECOMMENDATION_STALE_DAYS = 30
    today = timezone.localdate()
    late = make_recommendation("En retard", due_date=today - timedelta(days=10))
    done = make_recommendation("Terminée", due_date=today - timedelta(days=10))
    implement(done)
    future = make_recommendation("À venir", due_date=today + timedelta(days=10))
    Recommendation.objects.filter(pk=future.pk).update(
        created_at=timezone.now() - timedelta(days=40)
    )
    found = states()
    assert found["En retard"].is_overdue
    assert found["En retard"].days_late == timedelta(days=10)
    assert not found["Terminée"].is_overdue and found["Terminée"].days_late is None
    assert not found["À venir"].is_overdue
    assert found["À venir"].is_stale
    assert not found["En retard"].is_stale
    assert list(Recommendation.objects.with_states().filter(is_overdue=True)) == [late]


def test_the_states_read_the_portals_clock_not_the_databases(make_recommendation, settings):
    """The database's NOW() is its own real clock: on 29 February 2028 by the portal's clock, a
    recommendation due the day before is one day late, as every e-mail and reminder says."""
    settings.RECOMMENDATION_STALE_DAYS = 30
    leap_day = datetime(2028, 2, 29, 10, 0, tzinfo=ZoneInfo("Africa/Ouagadougou"))
    with time_machine.travel(leap_day, tick=False):
        make_recommendation("Hier", due_date=date(2028, 2, 28))
        make_recommendation("Aujourd'hui", due_date=date(2028, 2, 29))
        make_recommendation("Oubliée", due_date=date(2028, 12, 31))
        Recommendation.objects.filter(text="Oubliée").update(
            created_at=leap_day - timedelta(days=31)
        )
        found = states()

    assert found["Hier"].days_late == timedelta(days=1)
    assert not found["Aujourd'hui"].is_overdue
    assert found["Oubliée"].is_stale and not found["Hier"].is_stale


def test_a_recommendation_whose_last_validated_update_is_old_is_stale(
    make_recommendation, settings
):
    settings.RECOMMENDATION_STALE_DAYS = 30
    make_recommendation("Suivie")
    make_recommendation("Oubliée")
    make_recommendation("Juste à temps")
    now = timezone.now()
    # All three were recorded long ago; what counts is their last validated update.
    Recommendation.objects.update(created_at=now - timedelta(days=365))
    Recommendation.objects.filter(text="Suivie").update(last_validated_at=now - timedelta(days=5))
    Recommendation.objects.filter(text="Oubliée").update(last_validated_at=now - timedelta(days=31))
    Recommendation.objects.filter(text="Juste à temps").update(
        last_validated_at=now - timedelta(days=29)
    )

    found = states()

    assert found["Oubliée"].is_stale
    assert not found["Suivie"].is_stale
    assert not found["Juste à temps"].is_stale


@pytest.mark.usefixtures("still_clock")
def test_an_abandoned_recommendation_is_never_overdue_nor_stale(make_recommendation, settings):
    settings.RECOMMENDATION_STALE_DAYS = 30
    make_recommendation(
        "Abandonnée",
        due_date=timezone.localdate() - timedelta(days=100),
        status=Status.ABANDONED,
        status_reason="Remplacée par la plateforme nationale",
    )
    Recommendation.objects.update(
        created_at=timezone.now() - timedelta(days=365),
        last_validated_at=timezone.now() - timedelta(days=365),
    )

    abandoned = states()["Abandonnée"]

    assert (abandoned.is_overdue, abandoned.days_late, abandoned.is_stale) == (False, None, False)


@pytest.mark.usefixtures("still_clock")
def test_a_recommendation_due_today_is_not_overdue_yet(make_recommendation):
    make_recommendation("Pour aujourd'hui", due_date=timezone.localdate())
    make_recommendation("Pour hier", due_date=timezone.localdate() - timedelta(days=1))

    found = states()

    assert (found["Pour aujourd'hui"].is_overdue, found["Pour aujourd'hui"].days_late) == (
        False,
        None,
    )
    assert (found["Pour hier"].is_overdue, found["Pour hier"].days_late) == (
        True,
        timedelta(days=1),
    )


@pytest.mark.usefixtures("still_clock")
def test_sorting_by_days_late_puts_the_latest_first_and_no_due_date_last(
    login, cast, make_recommendation, implement
):
    today = timezone.localdate()
    make_recommendation("Sans échéance", due_date=None)
    make_recommendation("À venir", due_date=today + timedelta(days=5))
    make_recommendation("Trois jours de retard", due_date=today - timedelta(days=3))
    make_recommendation("Dix jours de retard", due_date=today - timedelta(days=10))
    make_recommendation("Un jour de retard", due_date=today - timedelta(days=1))
    # Past its due date but implemented: not late, so among the others, by due date.
    implement(make_recommendation("Faite", due_date=today - timedelta(days=20)))
    make_recommendation("Lointaine", due_date=today + timedelta(days=200))

    response = login(cast.secretary_general).get("/recommendations/", {"sort": "-days_late"})

    assert [r.text for r in response.context["page_obj"].object_list] == [
        "Dix jours de retard",
        "Trois jours de retard",
        "Un jour de retard",
        "Faite",
        "À venir",
        "Lointaine",
        "Sans échéance",
    ]

    # The overdue ones alone, the latest first (read in due-date order from the index).
    response = login(cast.secretary_general).get(
        "/recommendations/", {"sort": "-days_late", "overdue": "on"}
    )
    assert [r.text for r in response.context["page_obj"].object_list] == [
        "Dix jours de retard",
        "Trois jours de retard",
        "Un jour de retard",
    ]


def test_sorting_by_due_date_puts_no_due_date_last_both_ways(login, cast, make_recommendation):
    today = timezone.localdate()
    make_recommendation("Sans échéance", due_date=None)
    make_recommendation("Proche", due_date=today + timedelta(days=5))
    make_recommendation("Lointaine", due_date=today + timedelta(days=50))
    client = login(cast.dsi_health)

    def texts(sort):
        response = client.get("/recommendations/", {"sort": sort})
        return [r.text for r in response.context["page_obj"].object_list]

    assert texts("due_date") == ["Proche", "Lointaine", "Sans échéance"]
    assert texts("-due_date") == ["Lointaine", "Proche", "Sans échéance"]


def test_editing_a_state_by_hand_ends_staleness(make_recommendation, cast, settings):
    settings.RECOMMENDATION_STALE_DAYS = 30
    recommendation = make_recommendation("Relancée")
    Recommendation.objects.update(created_at=timezone.now() - timedelta(days=90))
    assert states()["Relancée"].is_stale

    recommendation_update(
        actor=cast.secretariat, recommendation=recommendation, status=Status.IN_PROGRESS
    )

    assert not states()["Relancée"].is_stale


def test_newly_overdue_is_the_first_week_of_the_overdue_reminders(make_recommendation):
    """The digest's "devenues en retard cette semaine" (newly_overdue) and the reminders'
    first overdue week (overdue_week 0) are the same recommendations: due one to seven days
    ago."""
    today = date(2026, 11, 23)
    for days in range(10):
        make_recommendation(f"{days}", due_date=today - timedelta(days=days))
    with time_machine.travel(at(2026, 11, 23, 7), tick=False):
        weeks = {int(r.text): r.overdue_week for r in Recommendation.objects.with_states()}
        newly = {int(r.text) for r in Recommendation.objects.newly_overdue()}
    assert weeks == {0: None, 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0, 8: 1, 9: 1}
    assert newly == {1, 2, 3, 4, 5, 6, 7}
