"""When no public holiday is registered for this year (or the next, from December), the
helpdesk's due times fall on holidays: staff are told on every page, and those who can fix it
get the link to the admin's holiday list. The holidays are seeded up to 2030."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk.models import Holiday
from tests.conftest import at

BANNER = 'data-testid="holidays-missing"'
HOLIDAYS_ADMIN = 'href="/admin/helpdesk/holiday/add/"'


@pytest.fixture
def holidays_until_2030(db):
    """The seeded tables end in 2030 (recreated: transactional tests flush the tables)."""
    for year in (2027, 2030):
        Holiday.objects.get_or_create(date=date(year, 12, 25), defaults={"name": "Noël"})
    Holiday.objects.filter(date__year__gte=2031).delete()


def page(login, user, path="/"):
    return login(user).get(path).content.decode()


def test_in_2031_the_administrator_is_told_and_given_the_holiday_list(
    cast, login, holidays_until_2030
):
    with time_machine.travel(at(2031, 3, 15, 10)):
        html = page(login, cast.admin)
    assert BANNER in html
    assert "Aucun jour férié n'est enregistré pour 2031" in html
    assert HOLIDAYS_ADMIN in html


def test_an_agent_who_keeps_the_reference_data_in_the_admin_gets_the_link(
    cast, login, holidays_until_2030
):
    cast.agent.is_staff = True
    cast.agent.save()
    with time_machine.travel(at(2031, 3, 15, 10)):
        html = page(login, cast.agent, "/helpdesk/")
    assert BANNER in html and HOLIDAYS_ADMIN in html


def test_staff_who_cannot_add_holidays_are_told_whom_to_ask(cast, login, holidays_until_2030):
    with time_machine.travel(at(2031, 3, 15, 10)):
        for member in (cast.agent, cast.secretariat, cast.secretary_general):
            html = page(login, member)
            assert BANNER in html
            assert HOLIDAYS_ADMIN not in html
            assert "Prévenez l'administrateur du portail" in html


def test_a_dsi_is_not_worried_with_it(cast, login, holidays_until_2030):
    with time_machine.travel(at(2031, 3, 15, 10)):
        assert BANNER not in page(login, cast.dsi_health)


def test_in_2027_nobody_is_warned(cast, login, holidays_until_2030):
    with time_machine.travel(at(2027, 8, 1, 9)):
        assert BANNER not in page(login, cast.admin)


def test_from_december_the_next_year_is_checked_too(cast, login, holidays_until_2030):
    with time_machine.travel(at(2030, 11, 30, 10)):
        assert BANNER not in page(login, cast.admin)
    with time_machine.travel(at(2030, 12, 1, 8)):
        html = page(login, cast.admin)
    assert "Aucun jour férié n'est enregistré pour 2031" in html
    assert "pour 2030" not in html


def test_the_warning_goes_away_once_the_holidays_are_added(cast, login, holidays_until_2030):
    with time_machine.travel(at(2031, 3, 15, 10)):
        assert BANNER in page(login, cast.admin)
        Holiday.objects.create(date=date(2031, 1, 1), name="Jour de l'an")
        assert BANNER not in page(login, cast.admin)


def test_the_staff_warnings_cost_one_query_together_then_none(cast, login, holidays_until_2030):
    """The heartbeat and the holidays are asked in the same query, then kept in the cache for
    every member of staff until a heartbeat or a holiday is written."""

    def asking(client):
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return [
            q["sql"]
            for q in queries.captured_queries
            if "helpdesk_holiday" in q["sql"] or "core_heartbeat" in q["sql"]
        ]

    with time_machine.travel(at(2030, 12, 2, 10)):
        [first] = asking(login(cast.secretariat))
        assert "helpdesk_holiday" in first and "core_heartbeat" in first
        assert asking(login(cast.agent)) == []
        Holiday.objects.create(date=date(2031, 1, 1), name="Jour de l'an")
        assert len(asking(login(cast.secretariat))) == 1
