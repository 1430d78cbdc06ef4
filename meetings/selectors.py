from django.db.models import Count, Prefetch, Q

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


def meetings_for_list(*, viewer):
    """The meetings the viewer may see, with their rank, newest first."""
    return (
        Meeting.objects.visible_to(viewer)
        .with_rank()
        .select_related("minutes")
        .annotate(invitee_count=Count("invitations", distinct=True))
        .order_by("-starts_at", "-pk")
    )


def meeting_for_page(*, viewer, pk):
    """One meeting with everything its page shows, in a fixed number of queries."""
    from core.scoping import get_visible_or_404

    queryset = (
        Meeting.objects.with_rank()
        .select_related("chair", "moderator", "follows_up", "minutes", "minutes__published_by")
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


def latest_minutes_version(meeting):
    minutes = getattr(meeting, "minutes", None)
    if minutes is None:
        return None
    return MinutesVersion.objects.filter(minutes=minutes).select_related("author").first()


def replies_summary(invitations):
    """Counts of answers on the replies board, from already fetched invitations."""
    counts = {choice: 0 for choice in Invitation.Response.values}
    for invitation in invitations:
        counts[invitation.response] += 1
    return counts


def attendance_by_structure():
    """Per structure, across meetings held: how many invitations, and how many present."""
    held = Q(invitations__meeting__status=Meeting.Status.HELD)
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
