import calendar as month_calendar
from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.ics import build_calendar, calendar_response
from core.scoping import get_visible_or_404

from .. import services
from ..ics import meeting_event
from ..models import CalendarFeed, Meeting
from ..selectors import meetings_by_day, meetings_for_feed

# Months outside these years are typing errors (0001-01, 9999-12) and would overflow the dates.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def _month(value):
    """The first day of the month named "YYYY-MM", or None if it is not a sensible month."""
    try:
        first = datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None
    return first if FIRST_YEAR <= first.year <= LAST_YEAR else None


def meeting_ics(request, pk):
    meeting = get_visible_or_404(Meeting.objects, request.user, pk=pk)
    if meeting.starts_at is None:
        raise Http404
    content = build_calendar([meeting_event(meeting)], name=meeting.title)
    return calendar_response(content, filename=f"reunion-{meeting.pk}.ics")


@login_not_required
def personal_feed(request, token):
    """The user's meetings for calendar clients, which cannot log in: the token is the key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    if not feed.user.is_active:
        raise Http404
    meetings = meetings_for_feed(user=feed.user)
    content = build_calendar([meeting_event(m) for m in meetings], name=_("Réunions MTDPCE – DSI"))
    return calendar_response(content, filename="reunions-dsi.ics")


def feed_settings(request):
    feed = services.calendar_feed_get_or_create(actor=request.user)
    url = request.build_absolute_uri(reverse("meetings:personal_feed", args=[feed.token]))
    return render(request, "meetings/feed.html", {"feed_url": url})


@require_POST
def feed_rotate(request):
    services.calendar_feed_rotate(actor=request.user)
    messages.success(
        request,
        _("Nouvelle adresse créée : l'ancienne ne fonctionne plus. Mettez à jour votre agenda."),
    )
    return redirect("meetings:feed")


def month_view(request):
    """A month of meetings, Monday first; ?month=2022-04 picks the month. Phones get the same
    month as an agenda: the days of the month that have meetings, in order."""
    today = timezone.localdate()
    first = _month(request.GET.get("month", "")) or today.replace(day=1)
    weeks = month_calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    start = timezone.make_aware(datetime.combine(weeks[0][0], time.min))
    end = timezone.make_aware(datetime.combine(weeks[-1][-1] + timedelta(days=1), time.min))
    by_day = meetings_by_day(viewer=request.user, start=start, end=end)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    context = {
        "month": first,
        "weeks": [
            [(day, by_day.get(day, []), day.month == first.month) for day in week] for week in weeks
        ],
        "agenda": [(day, by_day[day]) for day in sorted(by_day) if day.month == first.month],
        "today": today,
        "previous": previous.strftime("%Y-%m"),
        "next": following.strftime("%Y-%m"),
        "weekdays": [date(2024, 1, d) for d in range(1, 8)],
    }
    return render(request, "meetings/calendar.html", context)
