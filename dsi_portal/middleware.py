"""Request middleware that needs to know the roles, so it lives above the apps."""

from dataclasses import dataclass, field

from django.utils import timezone

from accounts.permissions import can_use_admin, holds_permission, sees_all_users
from accounts.selectors import user_row_values
from core.cache import cached_value, forget_value
from core.health import heartbeat_is_late, worker_beat_at
from helpdesk.sla import holiday_years_to_check, holidays_registered, portal_zone


class StaffWarningsMiddleware:
    """Staff (coordination and ANPTIC agents) are warned on every page of what breaks quietly
    behind them, before the view runs so that templates never query:

    - ``worker_late``: the worker's heartbeat is late, so reminders are not being sent;
    - ``years_without_holidays``: no public holiday is registered for this year (or the next,
      from December), so the helpdesk's due times fall on holidays; ``can_add_holidays`` tells
      whether the admin's holiday list is theirs to fill in.

    DSIs are not told: there is nothing they can do about it. The worker is not said late in
    the first moments after the web process starts (``core.health.heartbeat_is_late``)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.started_at = timezone.now()

    def __call__(self, request):
        user = getattr(request, "user", None)
        warnings = StaffWarnings()
        if user is not None and sees_all_users(user):
            warnings = staff_warnings(user, started_at=self.started_at)
        request.worker_late = warnings.worker_late
        request.years_without_holidays = warnings.years_without_holidays
        request.can_add_holidays = warnings.can_add_holidays
        return self.get_response(request)


@dataclass(frozen=True)
class StaffWarnings:
    worker_late: bool = False
    years_without_holidays: list = field(default_factory=list)
    can_add_holidays: bool = False


# The facts every member of staff is warned of alike, cached: a page costs no query for them.
# dsi_portal.apps forgets them when a heartbeat or a holiday is written; the timeout bounds
# what it cannot see (a holiday changed by SQL).
SHARED_WARNINGS = "staff-warnings"
SHARED_WARNINGS_TIMEOUT = 60


def staff_warnings(user, *, started_at=None):
    """What a member of staff is warned of. The worker's last beat and the years without
    holidays are the same for all and read from the cache (one query on the user's row when it
    has forgotten them); whether this user may add the holidays is asked only when some are
    missing and they may use the admin."""
    years = holiday_years_to_check(timezone.localdate(timezone=portal_zone()))
    beat_at, missing = _shared_warnings(user, years)
    may_add_holidays = bool(missing and can_use_admin(user)) and (
        user.is_superuser or user_row_values(user, holds_permission("helpdesk.add_holiday"))[0]
    )
    return StaffWarnings(
        worker_late=heartbeat_is_late(beat_at, started_at=started_at),
        years_without_holidays=missing,
        can_add_holidays=bool(may_add_holidays),
    )


def _shared_warnings(user, years):
    def compute():
        beat_at, *registered = user_row_values(
            user, worker_beat_at(), *(holidays_registered(year) for year in years)
        )
        missing = [year for year, found in zip(years, registered, strict=True) if not found]
        return years, beat_at, missing

    cached_years, beat_at, missing = cached_value(
        SHARED_WARNINGS, compute, timeout=SHARED_WARNINGS_TIMEOUT
    )
    if cached_years != years:  # kept over a new year, or over 1 December
        forget_value(SHARED_WARNINGS)
        _years, beat_at, missing = compute()
    return beat_at, missing


def forget_shared_warnings(**kwargs):
    """Signal receiver: a heartbeat or a holiday was written. Forgotten now and again once the
    write is committed: a request in between could have cached the former facts again."""
    from django.db import transaction

    forget_value(SHARED_WARNINGS)
    transaction.on_commit(lambda: forget_value(SHARED_WARNINGS))
