"""The working calendar Karim keeps in the admin: periods that cannot overlap, periods that may
end at midnight, and the public holidays of the years to come."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from helpdesk.models import Holiday, WorkingPeriod


def period(weekday, starts, ends):
    return WorkingPeriod(weekday=weekday, starts=starts, ends=ends)


def test_a_period_overlapping_another_on_the_same_day_is_refused(calendar):
    with pytest.raises(ValidationError, match="chevauche la plage 07:30–12:30 du même jour"):
        period(0, time(12), time(14)).full_clean()


def test_touching_periods_and_other_days_are_accepted(calendar):
    period(0, time(12, 30), time(13)).full_clean()
    period(5, time(12), time(14)).full_clean()


def test_a_period_is_not_compared_with_itself(calendar):
    morning = WorkingPeriod.objects.get(weekday=0, starts=time(7, 30))
    morning.ends = time(12)
    morning.full_clean()


def test_a_period_ending_at_midnight_overlaps_the_evening(db):
    WorkingPeriod.objects.create(weekday=6, starts=time(20), ends=time(0))
    with pytest.raises(ValidationError, match="chevauche"):
        period(6, time(23), time(23, 30)).full_clean()
    period(6, time(0), time(20)).full_clean()


def test_a_period_ends_after_its_start_or_at_midnight(db):
    period(6, time(20), time(0)).full_clean()
    with pytest.raises(ValidationError, match="doit suivre son début"):
        period(6, time(10), time(9)).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkingPeriod.objects.create(weekday=6, starts=time(10), ends=time(9))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2028, 1, 1), "Jour de l'an"),
        (date(2028, 4, 17), "Lundi de Pâques"),
        (date(2028, 5, 25), "Ascension"),
        (date(2029, 4, 2), "Lundi de Pâques"),
        (date(2029, 8, 5), "Fête de l'indépendance"),
        (date(2030, 4, 22), "Lundi de Pâques"),
        (date(2030, 5, 30), "Ascension"),
        (date(2030, 12, 25), "Noël"),
    ],
)
def test_the_holidays_of_2028_to_2030_are_in_the_calendar(db, day, name):
    assert Holiday.objects.get(date=day).name == name


def test_each_year_to_2030_has_its_civil_and_easter_holidays(db):
    for year in (2028, 2029, 2030):
        assert Holiday.objects.filter(date__year=year).count() == 11
