from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Structure, User
from core.formats import formatted

from .models import (
    Adoption,
    AgendaItem,
    Document,
    Invitation,
    InvitationChange,
    Meeting,
    MinutesVersion,
    SharedService,
    Situation,
)
from .models.meetings import NEWEST_FIRST
from .permissions import can_read_drafts, situation_respondents


def meetings_for_list(*, viewer):
    """The meetings the viewer may see, with their rank, newest first.

    Nothing is joined and grouped by meeting here: PostgreSQL sorts the meetings, keeps a page
    and computes the rank for those rows only (a count of invitees over the invitations' join,
    shown nowhere, had the rank computed once per invitation: 1.6 s for a DSI invited to the
    300 sessions of scale 1, 11.6 s at scale 3)."""
    return (
        Meeting.objects.visible_to(viewer)
        .with_rank()
        .select_related("minutes")
        .order_by(*NEWEST_FIRST)
    )


def meetings_openable(*, viewer, meetings):
    """The pks of those ``meetings`` (None ignored) whose page the viewer may open, in one
    query: a page links to another meeting only then."""
    from .permissions import sees_all_meetings

    pks = {meeting.pk for meeting in meetings if meeting is not None}
    if not pks or sees_all_meetings(viewer):  # coordination opens every meeting: no query
        return pks
    return set(Meeting.objects.visible_to(viewer).filter(pk__in=pks).values_list("pk", flat=True))


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
    versions = MinutesVersion.objects.filter(minutes=minutes).select_related(
        "author", "minutes__approved_at_meeting"
    )
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


def attendance_summary(meeting):
    """One line for the minutes: "12 présents, 2 excusés, 3 absents, sur 17 invités". Someone
    who delegated is not counted (``minutes_attendance``: their delegate stands for them)."""
    attendance = Invitation.Attendance
    counts = Counter(invitation.attendance for invitation in minutes_attendance(meeting))
    total = sum(counts.values())
    if not total:
        return _("aucun invité enregistré.")
    if counts[attendance.UNRECORDED] == total:
        return ngettext(
            "présence non encore relevée (%(total)s invité).",
            "présence non encore relevée (%(total)s invités).",
            total,
        ) % {"total": total}
    present, excused = counts[attendance.PRESENT], counts[attendance.EXCUSED]
    absent, unrecorded = counts[attendance.ABSENT], counts[attendance.UNRECORDED]
    parts = [ngettext("%(n)s présent", "%(n)s présents", present) % {"n": present}]
    if excused:
        parts.append(ngettext("%(n)s excusé", "%(n)s excusés", excused) % {"n": excused})
    if absent:
        parts.append(ngettext("%(n)s absent", "%(n)s absents", absent) % {"n": absent})
    if unrecorded:
        parts.append(
            ngettext("%(n)s non renseigné", "%(n)s non renseignés", unrecorded) % {"n": unrecorded}
        )
    return ngettext(
        "%(parts)s, sur %(total)s invité.", "%(parts)s, sur %(total)s invités.", total
    ) % {"parts": ", ".join(parts), "total": total}


def minutes_skeleton(meeting):
    """The Markdown the first draft of the minutes starts from: the session's title, date and
    place, the attendance line, then one heading per agenda item, in order, with its
    presenter."""
    facts = []
    if meeting.starts_at:
        facts.append((_("Date :"), formatted(meeting.starts_at, "weekday_datetime")))
    if meeting.venue:
        facts.append((_("Lieu :"), meeting.venue))
    facts.append((_("Participation :"), attendance_summary(meeting)))
    lines = [f"# {meeting.title}", "", *(f"- **{label}** {value}" for label, value in facts)]
    items = meeting.agenda_items.select_related("presenter", "presenter_structure")
    for number, item in enumerate(items, start=1):
        lines += ["", f"## {number}. {item.title}"]
        if item.presenter_display:
            lines += ["", _("*Présenté par : %(name)s*") % {"name": item.presenter_display}]
    return "\n".join(lines) + "\n"


def replies_summary(invitations):
    """Counts of answers on the replies board, from already fetched invitations."""
    counts = {choice: 0 for choice in Invitation.Response.values}
    for invitation in invitations:
        counts[invitation.response] += 1
    return counts


def register_history(meeting):
    """The changes of the meeting's attendance register, newest first."""
    return (
        InvitationChange.objects.filter(invitation__meeting=meeting)
        .select_related("actor", "invitation__invitee", "invitation__structure")
        .order_by("-at", "-pk")
    )


def attendance_by_structure():
    """Per structure, across meetings held: how many invitations, and how many present.

    Someone who delegated is not counted: their delegate's invitation stands for the structure.
    A structure invited without an account counts like the others (its one invitation).
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


def situation_latest_of_structure(structure_id):
    """The structure's last answer, for any session: the starting point of its next one."""
    if structure_id is None:
        return None
    return (
        Situation.objects.filter(structure_id=structure_id).order_by("-submitted_at", "-pk").first()
    )


@dataclass(frozen=True)
class LevelFigure:
    """How many structures are at one adoption level of a shared service, and the change among
    the structures compared with their previous answer (None when none could be)."""

    level: Adoption
    count: int
    change: int | None

    @property
    def trend(self):
        return None if self.change is None else self.level.trend(self.change)


@dataclass(frozen=True)
class ServiceAdoption:
    service: SharedService
    levels: list


@dataclass(frozen=True)
class SituationsOverview:
    """The situation of the DSIs for one session (see ``situations_overview``)."""

    rows: list  # (structure, its latest answer or None), by structure name
    adoption: list  # a ServiceAdoption per shared service, in the order of SharedService
    compared: int  # structures that answered this session and an earlier one

    @property
    def expected(self):
        return len(self.rows)

    @property
    def answers(self):
        return sum(1 for _structure, situation in self.rows if situation is not None)

    @property
    def missing(self):
        return [structure for structure, situation in self.rows if situation is None]


def situations_overview(meeting):
    """The situation of the DSIs for a session, in at most three queries.

    One row per structure expected to answer (``permissions.situation_respondents``) or that
    answered, with its latest answer or None; for each shared service, how many structures are
    at each level; and the change since each structure's own previous answer (its latest at an
    earlier session), counted only over the structures that answered both times.
    """
    answered = Situation.objects.filter(meeting=meeting)
    structures = Structure.objects.filter(
        Q(pk__in=situation_respondents(meeting).values("pk"))
        | Q(pk__in=answered.values("structure_id"))
    ).order_by("name")
    current = _latest_by_structure(answered.select_related("submitted_by"))
    rows = [(structure, current.get(structure.pk)) for structure in structures]
    previous = _previous_answers(meeting, current.keys()) if current else {}
    pairs = [(current[pk], before) for pk, before in previous.items()]

    adoption = []
    for service in SharedService:
        now = Counter(getattr(situation, service.value) for situation in current.values())
        after = Counter(getattr(situation, service.value) for situation, _before in pairs)
        before = Counter(getattr(situation, service.value) for _now, situation in pairs)
        levels = [
            LevelFigure(
                level=level,
                count=now[level.value],
                change=after[level.value] - before[level.value] if pairs else None,
            )
            for level in Adoption
        ]
        adoption.append(ServiceAdoption(service=service, levels=levels))
    return SituationsOverview(rows=rows, adoption=adoption, compared=len(pairs))


def _latest_by_structure(situations):
    """The latest of the given snapshots for each structure, by structure id (one query)."""
    latest = {}
    for situation in situations.order_by("structure_id", "-submitted_at", "-pk"):
        latest.setdefault(situation.structure_id, situation)
    return latest


def _previous_answers(meeting, structure_ids):
    """Each structure's previous answer, by structure id: its latest snapshot at an earlier
    session (every dated session, for a session not dated yet). One query."""
    earlier = Q(meeting__starts_at__isnull=False) & ~Q(meeting=meeting)
    if meeting.starts_at is not None:
        earlier &= Q(meeting__starts_at__lt=meeting.starts_at)
    latest_earlier = (
        Situation.objects.filter(earlier, structure_id=OuterRef("structure_id"))
        .order_by("-meeting__starts_at", "-submitted_at", "-pk")
        .values("pk")[:1]
    )
    situations = Situation.objects.filter(
        structure_id__in=list(structure_ids), pk=Subquery(latest_earlier)
    )
    return {situation.structure_id: situation for situation in situations}


def meetings_ahead(*, viewer, until=None):
    """The upcoming meetings (``MeetingQuerySet.upcoming``) the viewer may see, soonest first;
    only those starting by ``until`` when it is given."""
    meetings = Meeting.objects.visible_to(viewer).upcoming().order_by("starts_at", "pk")
    if until is not None:
        meetings = meetings.filter(starts_at__lte=until)
    return meetings


def delegation_candidates(invitation):
    """The colleagues an invitee may hand their seat to: the active accounts of the invitee's
    structure not invited to the meeting yet (the invitee among them). Nobody for an invitee
    without a structure. The reply form lists them, and offers no delegation when there is
    none; ``invitation_reply`` accepts only them."""
    structure_id = invitation.invitee.structure_id
    if structure_id is None:
        return User.objects.none()
    return (
        User.objects.filter(structure_id=structure_id, is_active=True)
        .exclude(
            pk__in=Invitation.objects.filter(meeting_id=invitation.meeting_id).values("invitee_id")
        )
        .order_by("last_name", "first_name", "pk")
    )


def meetings_awaiting_answer(*, user, meetings):
    """The ids of those ``meetings`` to which the user's invitation is still unanswered."""
    return set(
        Invitation.objects.filter(
            invitee=user, meeting__in=meetings, response=Invitation.Response.PENDING
        ).values_list("meeting_id", flat=True)
    )


def invitations_to_answer(*, user, limit):
    """The user's invitations still unanswered to meetings that ask for an answer now
    (``takes_answers``), the soonest meeting first (at most ``limit``, one query)."""
    from .permissions import takes_answers

    invitations = (
        Invitation.objects.filter(
            invitee=user,
            response=Invitation.Response.PENDING,
            meeting__in=Meeting.objects.upcoming(),
        )
        .select_related("meeting")
        .order_by("meeting__starts_at", "meeting_id")
    )
    return [i for i in invitations[:limit] if takes_answers(i.meeting)]


MINUTES_NEW_DAYS = 30


def minutes_recently_published(*, user, limit, days=MINUTES_NEW_DAYS):
    """The meetings the user took part in whose minutes were published in the last ``days``
    days, the newest publication first (at most ``limit``, one query)."""
    from .models import Minutes

    since = timezone.now() - timedelta(days=days)
    return list(
        Meeting.objects.participated_by(user)
        .filter(minutes__status__in=Minutes.PUBLIC_STATUSES, minutes__published_at__gte=since)
        .select_related("minutes")
        .order_by("-minutes__published_at", "-pk")[:limit]
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
