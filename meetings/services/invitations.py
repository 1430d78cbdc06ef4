from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Structure, User
from accounts.roles import Role

from ..models import Invitation, Meeting
from ..permissions import answers_closed, can_reply_invitation
from ..selectors import delegation_candidates
from ._common import require_manager, require_not_cancelled
from .reminders import invitations_notify, meeting_reminders_sync


@dataclass
class InvitationSummary:
    invited: list = field(default_factory=list)
    already_invited: int = 0
    structures_without_dsi: list = field(default_factory=list)


def _dsis_of(structures):
    return User.objects.active_with_role(Role.DSI).filter(structure__in=structures)


def _already_invited(meeting):
    return set(meeting.invitations.values_list("invitee_id", flat=True))


@transaction.atomic
def invitations_send(*, actor, meeting, structures=(), structure_kinds=(), users=()):
    """Invite, in one action, the DSIs of whole structures, of every structure of some kinds
    ("all ministries"), and single people. Those already invited are left as they are.

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
def attendance_record(*, actor, meeting, attendance):
    """Record the register: ``attendance`` maps invitation ids to present, absent or excused."""
    require_manager(actor)
    require_not_cancelled(meeting)
    allowed = set(Invitation.Attendance.values)
    invitations = meeting.invitations.in_bulk(list(attendance))
    for pk, value in attendance.items():
        if value not in allowed or pk not in invitations:
            raise ValidationError(_("Le registre contient une ligne invalide."), code="invalid")
        invitations[pk].attendance = value
    Invitation.objects.bulk_update(invitations.values(), ["attendance"])
    return list(invitations.values())


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
    invitation.attendance = Invitation.Attendance.PRESENT
    invitation.save(update_fields=["attendance"])
    return invitation
