"""Who may do what with meetings (DESIGN.md, "Roles and what they may do")."""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from accounts.models import Structure
from accounts.permissions import has_role, is_coordination
from accounts.roles import Role

from .models import Invitation, Meeting


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


def answers_closed(meeting):
    """Why the meeting asks its invitees for no answer now (neither a reply to the invitation
    nor the situation of their DSI), as a ``ValidationError`` with a French message, or None
    while it asks: while it is upcoming (``Meeting.is_upcoming``: from the day it is dated
    until it starts, unless it is held or cancelled).

    The meeting page shows the reason instead of the forms; the services raise it; invitation
    e-mails wait for the meeting to ask (``services.reminders.invitations_notify``)."""
    if meeting.is_upcoming:
        return None
    if meeting.status == Meeting.Status.CANCELLED:
        return ValidationError(
            _("Cette réunion est annulée : elle ne peut plus être modifiée."), code="cancelled"
        )
    if meeting.status == Meeting.Status.HELD:
        return ValidationError(
            _("Cette réunion s'est tenue : elle ne recueille plus de réponses."), code="held"
        )
    if meeting.starts_at is None:
        return ValidationError(
            _(
                "Cette réunion n'a pas encore de date : les réponses seront recueillies une "
                "fois la date fixée."
            ),
            code="undated",
        )
    return ValidationError(
        _("Cette réunion a commencé : elle ne recueille plus de réponses."), code="started"
    )


def takes_answers(meeting):
    return answers_closed(meeting) is None


def can_reply_invitation(user, invitation):
    """The invitee answers while the meeting asks (``answers_closed``), unless they handed
    their seat to a delegate, who answers instead."""
    return (
        invitation.invitee_id == user.pk
        and invitation.response != Invitation.Response.DELEGATED
        and takes_answers(invitation.meeting)
    )


def can_read_minutes(user, minutes):
    """Published minutes are for everyone who may see the meeting; drafts for the Secretariat."""
    return minutes is not None and (minutes.is_public or can_manage_meetings(user))


def can_read_drafts(user):
    """The versions written before publication are the Secretariat's working drafts."""
    return can_manage_meetings(user)


def situation_respondents(meeting):
    """The structures expected to report their situation for the session: those invited
    through one of their DSIs (``Invitation.objects.for_structure``) that have an active DSI,
    whose DSIs report it (``is_situation_respondent``). Invited people of another role
    (an ANPTIC agent, an adviser of the MTDPCE) have nothing to report; a cancelled session
    expects nobody."""
    if meeting.is_cancelled:
        return Structure.objects.none()
    return Structure.objects.with_dsi_account().filter(
        Exists(meeting.invitations.for_structure().filter(structure_id=OuterRef("pk"))),
        has_dsi_account=True,
    )


def is_situation_respondent(user, meeting):
    """A DSI whose structure is one of the session's respondents: they report its situation,
    while the session asks (``can_report_situation``)."""
    return (
        has_role(user, Role.DSI)
        and user.structure_id is not None
        and situation_respondents(meeting).filter(pk=user.structure_id).exists()
    )


def can_report_situation(user, meeting):
    """A respondent fills in the situation form while the session asks (``answers_closed``)."""
    return takes_answers(meeting) and is_situation_respondent(user, meeting)


def minutes_publication_refused(meeting, minutes):
    """Why the minutes of the meeting cannot be published now, as a ``ValidationError`` with a
    French message, or None: only a meeting that started and was not cancelled publishes, once
    a version is written, and only once. The page shows the reason instead of the button."""
    if meeting.is_cancelled:
        return ValidationError(
            _("Cette réunion est annulée : elle n'a pas de compte rendu à publier."),
            code="cancelled",
        )
    if not meeting.has_started:
        return ValidationError(
            _("Le compte rendu ne peut être publié qu'une fois la réunion commencée."),
            code="not_started",
        )
    if minutes is None or not minutes.versions.exists():
        return ValidationError(
            _("Rédigez et enregistrez le compte rendu avant de le publier."), code="empty"
        )
    if minutes.status != minutes.Status.DRAFT:
        return ValidationError(_("Ce compte rendu est déjà publié."), code="published")
    return None


def minutes_correction_refused(minutes):
    """Why the minutes cannot be corrected, or None: a correction is made to published minutes
    (approved ones too: the approval stays with the version approved, and the correction is
    shown as made after it). Before publication, a new version is simply a draft."""
    if minutes is None or not minutes.is_public:
        return ValidationError(
            _(
                "Seul un compte rendu publié se corrige : avant la publication, enregistrez "
                "simplement une nouvelle version."
            ),
            code="not_published",
        )
    return None


def minutes_approval_refused(at_meeting, minutes):
    """Why the approval of the minutes of the session ``at_meeting`` follows up cannot be
    recorded there, or None: at a follow-up session that has taken place (marked held), of
    minutes already published (``minutes``: those of the session followed up)."""
    if at_meeting.is_cancelled:
        return ValidationError(
            _("Cette réunion est annulée : l'approbation ne peut pas y être enregistrée."),
            code="cancelled",
        )
    if not at_meeting.follows_up_id:
        return ValidationError(
            _("L'approbation se fait lors de la réunion qui fait le suivi de cette session."),
            code="wrong_meeting",
        )
    if at_meeting.status != Meeting.Status.HELD:
        return ValidationError(
            _(
                "L'approbation s'enregistre lors d'une réunion de suivi qui s'est tenue : "
                "marquez d'abord cette réunion comme tenue."
            ),
            code="not_held",
        )
    if minutes is None or minutes.status != minutes.Status.PUBLISHED:
        return ValidationError(
            _("Seul un compte rendu publié peut être approuvé."), code="not_published"
        )
    return None
