"""Who may do what with meetings (DESIGN.md, "Roles and what they may do")."""

from django.db.models import Exists, OuterRef

from accounts.models import Structure, User
from accounts.permissions import has_role, is_coordination
from accounts.roles import Role


def sees_all_meetings(user):
    """The Secretariat organises and the Secretary General reads every meeting."""
    return is_coordination(user)


def can_manage_meetings(user):
    """Create, invite, record attendance, write and publish minutes: the Secretariat."""
    return bool(user.is_authenticated and (user.is_superuser or has_role(user, Role.SECRETARIAT)))


def is_participant(user, meeting):
    """Coordination, someone invited, or a DSI of a structure invited through one of its DSIs
    (``Invitation.objects.for_structure``: an invitation to someone of another role opens the
    meeting to that person only).

    Published minutes make a meeting visible to every signed-in user, but only participants see
    the rest of it: its documents, its invitees and their replies.
    """
    if not user.is_authenticated:
        return False
    if sees_all_meetings(user):
        return True
    invitations = getattr(meeting, "_prefetched_objects_cache", {}).get("invitations")
    if invitations is not None and any(i.invitee_id == user.pk for i in invitations):
        return True
    return type(meeting).objects.participated_by(user).filter(pk=meeting.pk).exists()


def can_reply_invitation(user, invitation):
    return invitation.invitee_id == user.pk and not invitation.meeting.is_cancelled


def can_read_minutes(user, minutes):
    """Published minutes are for everyone who may see the meeting; drafts for the Secretariat."""
    return minutes is not None and (minutes.is_public or can_manage_meetings(user))


def can_read_drafts(user):
    """The versions written before publication are the Secretariat's working drafts."""
    return can_manage_meetings(user)


def situation_respondents(meeting):
    """The structures expected to report their situation for the session: those invited
    through one of their DSIs (``Invitation.objects.for_structure``) that have an active DSI,
    who may open the situation form (``can_report_situation``). Invited people of another role
    (an ANPTIC agent, an adviser of the MTDPCE) have nothing to report; a cancelled session
    expects nobody."""
    if meeting.is_cancelled:
        return Structure.objects.none()
    return Structure.objects.filter(
        Exists(meeting.invitations.for_structure().filter(structure_id=OuterRef("pk"))),
        Exists(User.objects.active_with_role(Role.DSI).filter(structure_id=OuterRef("pk"))),
    )


def can_report_situation(user, meeting):
    """A DSI whose structure is one of the session's respondents reports its situation."""
    return (
        has_role(user, Role.DSI)
        and user.structure_id is not None
        and situation_respondents(meeting).filter(pk=user.structure_id).exists()
    )
