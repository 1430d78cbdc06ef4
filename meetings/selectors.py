from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from accounts.models import Structure

from .models import (
    Adoption,
    AgendaItem,
    Document,
    Invitation,
    Meeting,
    MinutesVersion,
    SharedService,
    Situation,
)
from .models.meetings import NEWEST_FIRST
from .permissions import can_read_drafts


def meetings_for_list(*, viewer):
    """The meetings the viewer may see, with their rank, newest first."""
    return (
        Meeting.objects.visible_to(viewer)
        .with_rank()
        .select_related("minutes")
        .annotate(invitee_count=Count("invitations", distinct=True))
        .order_by(*NEWEST_FIRST)
    )


def meeting_for_page(*, viewer, pk):
    """One meeting with everything its page shows, in a fixed number of queries."""
    from core.scoping import get_visible_or_404

    queryset = (
        Meeting.objects.with_rank()
        .select_related(
            "chair",
            "moderator",
            "follows_up__minutes",
            "minutes__published_by",
            "minutes__approved_at_meeting",
        )
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related(
                    "presenter", "presenter_structure", "reviews_meeting"
                ).prefetch_related("documents"),
            ),
            Prefetch(
                "invitations",
                queryset=Invitation.objects.select_related("invitee", "structure").order_by(
                    "structure__name", "invitee__last_name", "invitee__first_name"
                ),
            ),
            Prefetch("documents", queryset=Document.objects.filter(agenda_item__isnull=True)),
            "changes__actor",
            "follow_ups",
        )
    )
    return get_visible_or_404(queryset, viewer, pk=pk)


def minutes_versions_for(*, viewer, minutes):
    """The versions of the minutes the viewer may read, newest first: all of them for the
    Secretariat; for everyone else the published version and the corrections made after it."""
    versions = MinutesVersion.objects.filter(minutes=minutes).select_related("author")
    if can_read_drafts(viewer):
        return versions
    if not minutes.is_public:
        return versions.none()
    if minutes.published_version is None:
        # Not recorded (should not happen): show the newest text only, never a draft.
        newest = versions.values("number")[:1]
        return versions.filter(number__in=newest)
    return versions.filter(number__gte=minutes.published_version)


def latest_minutes_version(meeting, *, viewer):
    """The newest version of the meeting's minutes the viewer may read, or None."""
    minutes = getattr(meeting, "minutes", None)
    if minutes is None:
        return None
    return minutes_versions_for(viewer=viewer, minutes=minutes).first()


def minutes_attendance(meeting):
    """The attendance list of the minutes, from the meeting's prefetched invitations: someone
    who delegated is represented by their delegate and is not listed."""
    return [
        invitation
        for invitation in meeting.invitations.all()
        if invitation.response != Invitation.Response.DELEGATED
    ]


def minutes_recipients(minutes):
    """The ids of the people told about the publication: the active invitees who did not hand
    their invitation over to a delegate."""
    return list(
        minutes.meeting.invitations.exclude(response=Invitation.Response.DELEGATED)
        .filter(invitee__is_active=True)
        .values_list("invitee_id", flat=True)
        .distinct()
    )


def replies_summary(invitations):
    """Counts of answers on the replies board, from already fetched invitations."""
    counts = {choice: 0 for choice in Invitation.Response.values}
    for invitation in invitations:
        counts[invitation.response] += 1
    return counts


def attendance_by_structure():
    """Per structure, across meetings held: how many invitations, and how many present.

    Someone who delegated is not counted: their delegate's invitation stands for the structure.
    """
    held = Q(invitations__meeting__status=Meeting.Status.HELD) & ~Q(
        invitations__response=Invitation.Response.DELEGATED
    )
    return (
        Structure.objects.annotate(
            invited=Count("invitations", filter=held),
            present=Count(
                "invitations",
                filter=held & Q(invitations__attendance=Invitation.Attendance.PRESENT),
            ),
            excused=Count(
                "invitations",
                filter=held & Q(invitations__attendance=Invitation.Attendance.EXCUSED),
            ),
            meetings=Count("invitations__meeting", filter=held, distinct=True),
        )
        .filter(invited__gt=0)
        .order_by("-present", "name")
    )


def latest_situations(meeting):
    """The latest snapshot of each structure for this session, by structure id (one query)."""
    latest = {}
    rows = (
        Situation.objects.filter(meeting=meeting)
        .select_related("structure", "submitted_by")
        .order_by("structure_id", "-submitted_at", "-pk")
    )
    for situation in rows:
        latest.setdefault(situation.structure_id, situation)
    return latest


def situation_latest_of_structure(structure_id):
    """The structure's last answer, for any session: the starting point of its next one."""
    if structure_id is None:
        return None
    return (
        Situation.objects.filter(structure_id=structure_id).order_by("-submitted_at", "-pk").first()
    )


def situations_table(meeting):
    """Every invited structure with its latest situation (or None: not answered yet)."""
    latest = latest_situations(meeting)
    structures = Structure.objects.filter(invitations__meeting=meeting).distinct().order_by("name")
    return [(structure, latest.get(structure.pk)) for structure in structures]


def adoption_summary(meeting):
    """For each shared service, how many structures are at each level at this session and at
    the session it follows up, from the latest snapshots."""
    current = list(latest_situations(meeting).values())
    previous = list(latest_situations(meeting.follows_up).values()) if meeting.follows_up_id else []

    def count(situations, service, level):
        return sum(1 for s in situations if getattr(s, service.value) == level)

    rows = []
    for service in SharedService:
        levels = []
        for level in Adoption:
            now, before = count(current, service, level), count(previous, service, level)
            levels.append(
                {"level": level, "count": now, "change": now - before if previous else None}
            )
        rows.append({"service": service, "levels": levels})
    return {"rows": rows, "answers": len(current), "previous_answers": len(previous)}


def meetings_ahead(*, viewer, until=None):
    """The meetings still to come that the viewer may see, not cancelled, soonest first; only
    those starting by ``until`` when it is given."""
    meetings = Meeting.objects.visible_to(viewer).upcoming().order_by("starts_at", "pk")
    if until is not None:
        meetings = meetings.filter(starts_at__lte=until)
    return meetings


def meetings_awaiting_answer(*, user, meetings):
    """The ids of those ``meetings`` to which the user's invitation is still unanswered."""
    return set(
        Invitation.objects.filter(
            invitee=user, meeting__in=meetings, response=Invitation.Response.PENDING
        ).values_list("meeting_id", flat=True)
    )


def meetings_by_day(*, viewer, start, end):
    """The meetings the viewer may see between two instants, by local day, in time order."""
    by_day = {}
    meetings = (
        Meeting.objects.visible_to(viewer)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        by_day.setdefault(timezone.localdate(meeting.starts_at), []).append(meeting)
    return by_day


def meetings_for_feed(*, user):
    """The personal calendar: the meetings the user takes part in, from a year ago onwards
    (meetings open to all through their published minutes do not fill everyone's calendar)."""
    since = timezone.now() - timedelta(days=365)
    return (
        Meeting.objects.participated_by(user)
        .filter(starts_at__gte=since)
        .prefetch_related("changes")
        .order_by("starts_at", "pk")
    )
