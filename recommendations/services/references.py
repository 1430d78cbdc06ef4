"""The references of recommendations: ``R-2022-01-03`` (year, session rank, number)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings.models import Meeting

from ..models import SessionPrefix

# More sessions in one year than this would be a bug, not a busy year.
MAX_ATTEMPTS = 50


def session_prefix(meeting):
    """The session's prefix (``R-2022-01``): the one stored at its first recommendation, or a
    new one from its current rank among the year's sessions. A rank already given to another
    session (one added earlier in the year since) moves to the year's next free number.

    Call with the meeting row locked: the prefix of one session is then chosen once. Two
    sessions choosing the same number at once are told apart by the unique prefix."""
    stored = SessionPrefix.objects.filter(meeting=meeting).first()
    if stored is not None:
        return stored.prefix
    year = timezone.localtime(meeting.starts_at).year
    rank = Meeting.objects.with_rank().get(pk=meeting.pk).rank or 1
    for _attempt in range(MAX_ATTEMPTS):
        taken = set(
            SessionPrefix.objects.filter(prefix__startswith=f"R-{year}-").values_list(
                "prefix", flat=True
            )
        )
        number = rank
        while f"R-{year}-{number:02d}" in taken:
            number += 1
        try:
            with transaction.atomic():
                return SessionPrefix.objects.create(
                    meeting=meeting, prefix=f"R-{year}-{number:02d}"
                ).prefix
        except IntegrityError:
            # Another session took this number meanwhile (its transaction has committed):
            # read the prefixes again and take the next one.
            continue
    raise RuntimeError(f"No free reference prefix for the session {meeting.pk}")
