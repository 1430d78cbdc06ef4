from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.formats import formatted

from ..models import AgendaItem, Invitation, Meeting
from ..permissions import takes_answers
from ._common import require_manager, require_not_cancelled
from .reminders import (
    meeting_cancellation_notify,
    meeting_invitations_announce,
    meeting_postponement_notify,
    meeting_reminders_sync,
)

EDITABLE_FIELDS = [
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "venue",
    "chair",
    "chair_name",
    "moderator",
    "moderator_name",
    "follows_up",
    "description",
]


def _check_dates(starts_at, ends_at):
    if starts_at and ends_at and ends_at < starts_at:
        raise ValidationError({"ends_at": _("La fin de la réunion doit suivre son début.")})


def _check_follow_up(meeting, follows_up, starts_at):
    """The session a meeting follows up is another one, held before it."""
    if follows_up is None:
        return
    if meeting.pk and follows_up.pk == meeting.pk:
        raise ValidationError({"follows_up": _("Une réunion ne peut pas se suivre elle-même.")})
    if starts_at and follows_up.starts_at and follows_up.starts_at >= starts_at:
        raise ValidationError(
            {"follows_up": _("La session suivie doit avoir eu lieu avant cette réunion.")}
        )


def follow_up_item_title(reviewed):
    when = formatted(reviewed.starts_at, "date")
    return _("État de mise en œuvre des recommandations de la session du %(date)s") % {"date": when}


def _sync_follow_up_item(meeting):
    """A follow-up meeting reviews the implementation of the earlier session's recommendations:
    its agenda holds one such item, about the session it follows up now (re-pointed and
    retitled when that session changes, removed when it follows up none)."""
    reviewed = meeting.follows_up
    items = list(meeting.agenda_items.filter(reviews_meeting__isnull=False).order_by("position"))
    if reviewed is None:
        AgendaItem.objects.filter(pk__in=[item.pk for item in items]).delete()
        return
    if items:
        item, extra = items[0], items[1:]
        AgendaItem.objects.filter(pk__in=[other.pk for other in extra]).delete()
        if item.reviews_meeting_id != reviewed.pk:
            item.reviews_meeting = reviewed
            item.title = follow_up_item_title(reviewed)
            item.save(update_fields=["reviews_meeting", "title"])
        return
    last = meeting.agenda_items.order_by("-position").first()
    AgendaItem.objects.create(
        meeting=meeting,
        position=(last.position + 1) if last else 1,
        title=follow_up_item_title(reviewed),
        reviews_meeting=reviewed,
    )


def _retitle_reviews_of(meeting):
    """The follow-up items that review this meeting name its date: keep them right."""
    items = list(AgendaItem.objects.filter(reviews_meeting=meeting))
    for item in items:
        item.title = follow_up_item_title(meeting)
    AgendaItem.objects.bulk_update(items, ["title"])


def _check_follow_ups_come_after(meeting, starts_at):
    """The meetings that follow this one up must still take place after it."""
    if starts_at is None:
        return
    later = meeting.follow_ups.filter(starts_at__isnull=False, starts_at__lte=starts_at)
    if later.exists():
        raise ValidationError(
            {
                "starts_at": _(
                    "Une réunion qui fait le suivi de celle-ci a lieu avant cette nouvelle date."
                )
            }
        )


def _validate_and_save(meeting):
    _check_dates(meeting.starts_at, meeting.ends_at)
    _check_follow_up(meeting, meeting.follows_up, meeting.starts_at)
    if meeting.pk:
        _check_follow_ups_come_after(meeting, meeting.starts_at)
    meeting.full_clean()
    meeting.save()
    _sync_follow_up_item(meeting)
    meeting_reminders_sync(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_create(*, actor, **fields):
    """The Secretariat creates a meeting; a follow-up gets its implementation-report item."""
    require_manager(actor)
    meeting = Meeting(created_by=actor, **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS})
    return _validate_and_save(meeting)


@transaction.atomic
def meeting_update(*, actor, meeting, **fields):
    """Edit a meeting's details; a change of date goes through meeting_postpone instead.

    Setting the date of a meeting that had none sends the invitations it kept until then."""
    require_manager(actor)
    require_not_cancelled(meeting)
    # The form may have changed the instance already: what the meeting was is in the database.
    was_asking = takes_answers(Meeting.objects.select_for_update().get(pk=meeting.pk))
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(meeting, name, value)
    _validate_and_save(meeting)
    if not was_asking:
        meeting_invitations_announce(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_postpone(*, actor, meeting, starts_at, ends_at=None, reason=""):
    """Move a meeting to a new date, keeping the old one in its history. Its invitees who are
    still coming are told; a meeting that had no date sends its invitations instead."""
    require_manager(actor)
    require_not_cancelled(meeting)
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError(_("Une réunion déjà tenue ne peut pas être reportée."), code="held")
    if not starts_at:
        raise ValidationError({"starts_at": _("Indiquez la nouvelle date de la réunion.")})
    _check_dates(starts_at, ends_at)
    _check_follow_up(meeting, meeting.follows_up, starts_at)
    _check_follow_ups_come_after(meeting, starts_at)
    was_undated = meeting.starts_at is None
    (change,) = audit_record(
        meeting,
        actor=actor,
        action=Meeting.Status.POSTPONED,
        changes={
            "starts_at": (meeting.starts_at, starts_at),
            "ends_at": (meeting.ends_at, ends_at),
        },
        reason=reason,
    )
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.status = Meeting.Status.POSTPONED
    meeting.save(update_fields=["starts_at", "ends_at", "status", "updated_at"])
    _retitle_reviews_of(meeting)
    meeting_reminders_sync(meeting=meeting)
    if was_undated:
        meeting_invitations_announce(meeting=meeting)
    else:
        meeting_postponement_notify(meeting=meeting, change=change)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor, meeting, reason):
    """Cancel a meeting; it stays in the history with the reason."""
    require_manager(actor)
    require_not_cancelled(meeting)
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError(_("Une réunion déjà tenue ne peut pas être annulée."), code="held")
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif de l'annulation.")})
    (change,) = audit_record(
        meeting, actor=actor, action=Meeting.Status.CANCELLED, reason=reason.strip()
    )
    meeting.status = Meeting.Status.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    meeting_cancellation_notify(meeting=meeting, change=change)
    return meeting


@transaction.atomic
def meeting_mark_held(*, actor, meeting):
    """Record that the meeting took place: once, and only after it started."""
    require_manager(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_not_cancelled(meeting)
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError(_("Cette réunion est déjà marquée comme tenue."), code="held")
    if not meeting.has_started:
        raise ValidationError(
            _("Une réunion ne peut être marquée comme tenue qu'une fois commencée."), code="future"
        )
    audit_record(meeting, actor=actor, action=Meeting.Status.HELD)
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status", "updated_at"])
    meeting_reminders_sync(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_duplicate(*, actor, source):
    """Start the next meeting from this one: agenda, invitees and venue copied, dates cleared;
    no invitation is sent before the copy has a date.

    The copy follows up the source, so its agenda proposes the implementation-report item.
    """
    require_manager(actor)
    copy = Meeting.objects.create(
        title=source.title,
        kind=source.kind,
        venue=source.venue,
        chair=source.chair,
        chair_name=source.chair_name,
        moderator=source.moderator,
        moderator_name=source.moderator_name,
        description=source.description,
        follows_up=source,
        created_by=actor,
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=copy,
            position=item.position,
            title=item.title,
            presenter_id=item.presenter_id,
            presenter_structure_id=item.presenter_structure_id,
            duration_minutes=item.duration_minutes,
            description=item.description,
        )
        for item in source.agenda_items.filter(reviews_meeting__isnull=True)
    )
    # The original invitees still active, not their delegates: a delegation was for that
    # session only. They are told once the copy has a date (meeting_update). The structures
    # invited without an account are invited again.
    Invitation.objects.bulk_create(
        Invitation(
            meeting=copy, invitee_id=inv.invitee_id, structure_id=inv.structure_id, invited_by=actor
        )
        for inv in source.invitations.filter(
            Q(invitee__is_active=True) | Q(invitee__isnull=True),
            delegated_from__isnull=True,
            added_late=False,
        )
    )
    _sync_follow_up_item(copy)
    return copy
