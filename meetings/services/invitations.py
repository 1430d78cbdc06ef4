from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Structure, User
from accounts.roles import Role
from core.audit import audit_record

from ..models import Invitation, Meeting
from ..permissions import answers_closed, can_reply_invitation
from ..selectors import delegation_candidates
from ._common import require_manager, require_not_cancelled
from .reminders import invitations_notify, meeting_reminders_sync


@dataclass
class InvitationSummary:
    invited: list = field(default_factory=list)
    already_invited: int = 0
    # Structures none of whose DSIs has an account: invited as structures, no e-mail sent.
    structures_without_dsi: list = field(default_factory=list)
    structures_already_invited: int = 0


def _dsis_of(structures):
    return User.objects.active_with_role(Role.DSI).filter(structure__in=structures)


def _already_invited(meeting):
    return set(meeting.invitations.values_list("invitee_id", flat=True))


@transaction.atomic
def invitations_send(*, actor, meeting, structures=(), structure_kinds=(), users=()):
    """Invite, in one action, the DSIs of whole structures, of every structure of some kinds
    ("all ministries"), and single people. Those already invited are left as they are.

    A structure none of whose DSIs has an account is invited as a structure
    (``Invitation.objects.without_account``): nobody is e-mailed, and the register records
    whether it came. Once one of its DSIs is invited, that invitation stands for it and the
    structure's own line leaves the register, unless its attendance was already recorded.

    Two Secretariat members inviting at once are served one after the other (the meeting row
    is locked), and an invitation created meanwhile elsewhere (a delegation, a late addition)
    is skipped rather than breaking the whole action.
    """
    require_manager(actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_not_cancelled(meeting)
    targets = set(structures)
    if structure_kinds:
        targets |= set(Structure.objects.active().filter(kind__in=structure_kinds))
    people = {user.pk: user for user in _dsis_of(targets).select_related("structure")}
    for user in users:
        people.setdefault(user.pk, user)

    summary = InvitationSummary()
    covered = {user.structure_id for user in people.values()}
    summary.structures_without_dsi = sorted(
        (s for s in targets if s.pk not in covered), key=lambda s: s.name
    )
    _structures_invite(actor, meeting, summary)
    meeting.invitations.without_account().filter(
        structure_id__in=covered, attendance=Invitation.Attendance.UNRECORDED
    ).delete()
    existing = _already_invited(meeting)
    new = [
        Invitation(meeting=meeting, invitee=user, structure_id=user.structure_id, invited_by=actor)
        for pk, user in people.items()
        if pk not in existing
    ]
    # ignore_conflicts returns no ids: read back the rows that this call really created.
    started = timezone.now()
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    summary.invited = list(
        meeting.invitations.filter(
            invitee_id__in=[invitation.invitee_id for invitation in new],
            invited_by=actor,
            delegated_from__isnull=True,
            added_late=False,
            created_at__gte=started,
        ).select_related("invitee")
    )
    summary.already_invited = len(people) - len(summary.invited)
    invitations_notify(invitations=summary.invited)
    meeting_reminders_sync(meeting=meeting)
    return summary


def _structures_invite(actor, meeting, summary):
    structures = summary.structures_without_dsi
    invited = set(
        meeting.invitations.without_account()
        .filter(structure__in=structures)
        .values_list("structure_id", flat=True)
    )
    Invitation.objects.bulk_create(
        [
            Invitation(meeting=meeting, structure=structure, invited_by=actor)
            for structure in structures
            if structure.pk not in invited
        ],
        ignore_conflicts=True,
    )
    summary.structures_already_invited = len(invited)


@transaction.atomic
def invitation_reply(*, actor, invitation, response, delegate=None):
    """An invitee answers while the meeting asks (``permissions.can_reply_invitation``):
    attending, declining, or delegating to one of ``selectors.delegation_candidates``, who then
    becomes the invitee.

    The invitation row is locked and read afresh, so a reply sent twice (a double click on
    "delegate") is answered with a message instead of a second delegation.
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("meeting", "invitee")
        .get(pk=invitation.pk)
    )
    if not can_reply_invitation(actor, invitation):
        raise _why_no_reply(actor, invitation)
    if response == Invitation.Response.DELEGATED:
        delegated = _delegate(actor, invitation, delegate)
        invitations_notify(invitations=[delegated])
    elif response not in (Invitation.Response.ATTENDING, Invitation.Response.DECLINED):
        raise ValidationError(_("Réponse inconnue."), code="invalid")
    invitation.response = response
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["response", "responded_at"])
    meeting_reminders_sync(meeting=invitation.meeting)
    return invitation


def _why_no_reply(actor, invitation):
    """The reason ``can_reply_invitation`` refused, in the invitee's words."""
    if invitation.invitee_id != actor.pk:
        return PermissionDenied()
    if invitation.response == Invitation.Response.DELEGATED:
        return ValidationError(
            _("Vous avez déjà délégué cette invitation : c'est à votre délégué de répondre."),
            code="already_delegated",
        )
    return answers_closed(invitation.meeting)


def _delegate(actor, invitation, delegate):
    if delegate is None:
        raise ValidationError({"delegate": _("Choisissez le collègue qui vous représentera.")})
    if actor.structure_id is None:
        raise ValidationError(
            {
                "delegate": _(
                    "Votre compte n'est rattaché à aucune structure : vous ne pouvez pas "
                    "déléguer. Contactez le Secrétariat."
                )
            }
        )
    if not delegation_candidates(invitation).filter(pk=delegate.pk).exists():
        raise ValidationError({"delegate": _why_not_a_delegate(actor, delegate)})
    return Invitation.objects.create(
        meeting=invitation.meeting,
        invitee=delegate,
        structure_id=invitation.structure_id,
        delegated_from=invitation,
        invited_by=actor,
    )


def _why_not_a_delegate(actor, delegate):
    """The reason ``delegation_candidates`` left this person out, in the invitee's words."""
    if delegate.pk == actor.pk or delegate.structure_id != actor.structure_id:
        return _("Vous ne pouvez déléguer qu'à un collègue de votre structure.")
    if not delegate.is_active:
        return _("Ce compte est désactivé : choisissez un autre collègue.")
    return _("Cette personne est déjà invitée à cette réunion.")


@transaction.atomic
def attendance_record(*, actor, meeting, attendance, names=None, notes=None):
    """Record the register: ``attendance`` maps invitation ids to present, absent, excused or
    unrecorded; for the structures invited without an account, ``names`` and ``notes`` map
    their invitation ids to the name of whoever came and to a remark. Each change is written
    in the register's history (``InvitationChange``)."""
    require_manager(actor)
    require_not_cancelled(meeting)
    names, notes = names or {}, notes or {}
    lines = set(attendance) | set(names) | set(notes)
    invitations = meeting.invitations.select_related("invitee", "structure").in_bulk(lines)
    for pk in lines:
        invitation = invitations.get(pk)
        if (
            invitation is None
            or attendance.get(pk, invitation.attendance) not in Invitation.Attendance.values
            # Only a structure invited without an account has a name and a remark to record.
            or (not invitation.without_account and (pk in names or pk in notes))
        ):
            raise ValidationError(_("Le registre contient une ligne invalide."), code="invalid")
    changed = []
    for pk, invitation in invitations.items():
        before = _register_line(invitation)
        invitation.attendance = attendance.get(pk, invitation.attendance)
        invitation.attendee_name = _register_text(invitation, "attendee_name", names, pk)
        invitation.note = _register_text(invitation, "note", notes, pk)
        after = _register_line(invitation)
        if before != after:
            changed.append(invitation)
            audit_record(
                invitation,
                actor=actor,
                changes={key: (before[key], after[key]) for key in before},
            )
    Invitation.objects.bulk_update(changed, ["attendance", "attendee_name", "note"])
    return list(invitations.values())


def _register_text(invitation, name, values, pk):
    """The text typed for one invitation (trimmed), checked against the field's limits."""
    if pk not in values:
        return getattr(invitation, name)
    field = Invitation._meta.get_field(name)
    value = (values[pk] or "").strip()
    try:
        return field.clean(value, invitation)
    except ValidationError as error:
        raise ValidationError(
            _("%(who)s — %(field)s : %(error)s")
            % {
                "who": invitation.structure.acronym if invitation.structure_id else "—",
                "field": field.verbose_name,
                "error": " ".join(error.messages),
            },
            code="invalid",
        ) from error


def _register_line(invitation):
    """What the register's history keeps of one line, as the pages write it."""
    return {
        "attendance": invitation.get_attendance_display(),
        "attendee_name": invitation.attendee_name,
        "note": invitation.note,
    }


@transaction.atomic
def attendance_add_late(*, actor, meeting, user):
    """Someone who was not invited attends: added to the register as present."""
    require_manager(actor)
    require_not_cancelled(meeting)
    invitation, _created = Invitation.objects.get_or_create(
        meeting=meeting,
        invitee=user,
        defaults={
            "structure_id": user.structure_id,
            "added_late": True,
            "invited_by": actor,
            "response": Invitation.Response.ATTENDING,
        },
    )
    before = invitation.get_attendance_display() if not _created else ""
    invitation.attendance = Invitation.Attendance.PRESENT
    invitation.save(update_fields=["attendance"])
    audit_record(
        invitation,
        actor=actor,
        changes={"attendance": (before, invitation.get_attendance_display())},
    )
    return invitation
