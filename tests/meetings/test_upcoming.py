"""A meeting still ahead has one definition (``Meeting.objects.upcoming()`` and its Python twin
``Meeting.is_upcoming``): the answers window, the reminders and the home page's list agree."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings.models import Meeting
from meetings.permissions import takes_answers

STATUSES = list(Meeting.Status.values)
WHEN = {
    "undated": None,
    "past": timedelta(days=-3),
    "an_hour_ago": timedelta(hours=-1),
    "in_an_hour": timedelta(hours=1),
    "next_month": timedelta(days=30),
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("when", list(WHEN))
def test_the_queryset_the_property_and_the_answers_window_agree(db, status, when):
    offset = WHEN[when]
    meeting = Meeting.objects.create(
        title="Session",
        status=status,
        starts_at=None if offset is None else timezone.now() + offset,
    )
    in_sql = Meeting.objects.upcoming().filter(pk=meeting.pk).exists()
    expected = offset is not None and offset > timedelta(0) and status not in Meeting.OVER

    assert meeting.is_upcoming is expected
    assert in_sql is expected
    assert takes_answers(meeting) is expected
