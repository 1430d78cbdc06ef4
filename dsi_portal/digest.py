"""The Secretary General's weekly digest: where the recommendations stand and how that changed
since the last digest, what became overdue this week, what is escalated, the meetings ahead and
the helpdesk's SLA compliance. It combines every app, so it lives here (STYLE.md, layers).

The planner (beat, weekly) plans one row per Secretary General who did not opt out; the figures
are computed when the digest is sent and kept on its row, so the next digest can say what
changed since this one.
"""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.selectors import digest_readers
from core import outbox
from core.mail import absolute_url, build_templated_email
from helpdesk.selectors import helpdesk_digest_figures
from meetings.selectors import meetings_ahead
from recommendations.selectors import (
    recommendations_escalated,
    recommendations_implementation_figures,
    recommendations_newly_overdue,
)

MEETINGS_AHEAD_DAYS = 30
LISTED = 15
SESSIONS_LISTED = 6


def implementation_figures():
    """The implementation figures the digest shows and keeps on its row (the dashboard's,
    from the one selector): overall, and for the latest sessions that adopted some."""
    overall = recommendations_implementation_figures()
    # The selector lists sessions oldest first: the digest starts with the latest.
    sessions = recommendations_implementation_figures(per="session")[::-1][:SESSIONS_LISTED]
    return {
        "counted": overall["counted"],
        "implemented": overall["implemented"],
        "rate": overall["rate"],
        "by_session": [
            {
                "meeting": row["meeting_id"],
                "title": row["meeting__title"],
                "counted": row["counted"],
                "implemented": row["implemented"],
                "rate": row["rate"],
            }
            for row in sessions
        ],
    }


def _change(rate, previous_rate):
    if rate is None or previous_rate is None:
        return None
    return round(rate - previous_rate, 1)


def helpdesk_figures(now):
    """Tickets resolved in the last seven days and how many of them within their SLA, plus the
    tickets overdue now (the helpdesk's selector)."""
    return helpdesk_digest_figures(since=now - timedelta(days=7), now=now)


def _previous_figures(notification):
    """The figures of the last digest sent before this one, to anyone."""
    previous = outbox.notification_last_sent(DIGEST, before=notification)
    if previous is None or "figures" not in previous.payload:
        return None, None
    return previous.payload["figures"], previous.sent_at


def digest_context(notification, now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    figures = {"recommendations": implementation_figures(), "helpdesk": helpdesk_figures(now)}
    previous, previous_at = _previous_figures(notification)
    rate = figures["recommendations"]["rate"]
    previous_rate = previous["recommendations"]["rate"] if previous else None
    change = _change(rate, previous_rate)
    before = {
        row["meeting"]: row["rate"]
        for row in (previous or {}).get("recommendations", {}).get("by_session", [])
    }
    sessions = [
        {**row, "change": _change(row["rate"], before.get(row["meeting"]))}
        for row in figures["recommendations"]["by_session"]
    ]
    newly_overdue = recommendations_newly_overdue(today=today)
    escalated = recommendations_escalated(today=today)
    meetings = meetings_ahead(
        viewer=notification.recipient, until=now + timedelta(days=MEETINGS_AHEAD_DAYS)
    )
    return figures, {
        "user": notification.recipient,
        "figures": figures,
        "rate_change": change,
        "sessions": sessions,
        "previous_at": previous_at,
        "newly_overdue": list(newly_overdue[:LISTED]),
        "newly_overdue_count": newly_overdue.count(),
        "escalated": list(escalated[:LISTED]),
        "escalated_count": escalated.count(),
        "escalation_days": settings.RECOMMENDATION_ESCALATION_DAYS,
        "meetings": list(meetings[:LISTED]),
        "meetings_ahead_days": MEETINGS_AHEAD_DAYS,
        "dashboard_url": absolute_url(reverse("recommendations:dashboard")),
        "overdue_url": absolute_url(reverse("recommendations:list") + "?overdue=1"),
        "stats_url": absolute_url(reverse("helpdesk:stats")),
        "profile_url": absolute_url(reverse("accounts:profile")),
    }


def build_digest(notification, _target):
    user = notification.recipient
    if not user.receives_digest:
        return None
    figures, context = digest_context(notification)
    # Kept on the row, so next week's digest can tell what changed.
    outbox.notification_payload_add(notification, figures=figures)
    return build_templated_email(to=[user.email], template="email/digest", context=context)


# Once per ISO week and reader; about the whole programme, so it has no target.
DIGEST = outbox.kind_declare(
    "dsi_portal.weekly_digest", _("Récapitulatif hebdomadaire"), build=build_digest, key=("week",)
)


def weekly_digest_plan(*, now=None):
    """One digest per Secretary General who receives it, once per ISO week."""
    now = now or timezone.now()
    year, week, _weekday = timezone.localdate(now).isocalendar()
    return outbox.notifications_plan(
        DIGEST.to(digest_readers(), due_at=now, week=f"{year}-W{week:02d}")
    )
