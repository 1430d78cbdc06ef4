"""Who is invited to a meeting, their answer and their attendance."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Structure
from accounts.roles import Role
from core.models import FieldChange
from core.text import no_bidi_controls

from .meetings import Meeting


class InvitationQuerySet(models.QuerySet):
    def for_structure(self):
        """The invitations that bring their structure to the meeting: those sent to one of its
        DSIs (a structure invited as such, or one of its DSIs in person). The structure's other
        DSIs then take part too: they see the meeting, its documents and its situation form, and
        may be delegated to. An invitation sent to someone of another role (an ANPTIC agent, an
        adviser of the MTDPCE) opens the meeting to that person only."""
        return self.filter(invitee__groups__name=Role.DSI.value)

    def of_people(self):
        """The invitations sent to someone with an account: those that e-mails, reminders and
        replies concern."""
        return self.filter(invitee__isnull=False)

    def without_account(self):
        """The structures invited as such because none of their DSIs has an account: no one
        receives or answers them; the register records whether the structure came."""
        return self.filter(invitee__isnull=True)


class Invitation(models.Model):
    """One person invited to a meeting, their answer and, on the day, their attendance; or,
    without ``invitee``, a structure invited although none of its DSIs has an account on the
    portal (``InvitationQuerySet.without_account``): the register records whether it came
    and who represented it. Both kinds count alike in the register, the minutes and the
    attendance statistics."""

    class Response(models.TextChoices):
        PENDING = "pending", _("Sans réponse")
        ATTENDING = "attending", _("Participera")
        DECLINED = "declined", _("Ne participera pas")
        DELEGATED = "delegated", _("A délégué")

    # Someone who declined or handed their seat to a delegate is not expected: no reminder.
    NOT_COMING = (Response.DECLINED, Response.DELEGATED)

    class Attendance(models.TextChoices):
        UNRECORDED = "unrecorded", _("Non renseignée")
        PRESENT = "present", _("Présent")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excusé")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
    )
    # The structure the invitee represented when invited (kept if they later change structure).
    structure = models.ForeignKey(
        Structure, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    response = models.CharField(
        _("réponse"), max_length=20, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    delegated_from = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegated_to",
    )
    attendance = models.CharField(
        _("présence"), max_length=20, choices=Attendance.choices, default=Attendance.UNRECORDED
    )
    # For a structure invited without an account: who came, and what the Secretariat noted.
    attendee_name = models.CharField(
        _("personne venue"), max_length=255, blank=True, validators=[no_bidi_controls]
    )
    note = models.CharField(
        _("remarque"), max_length=255, blank=True, validators=[no_bidi_controls]
    )
    added_late = models.BooleanField(_("ajouté le jour même"), default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["structure__name", "invitee__last_name", "invitee__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "invitee"],
                name="meetings_invitation_once_per_meeting",
                violation_error_message=_("Cette personne est déjà invitée à cette réunion."),
            ),
            models.UniqueConstraint(
                fields=["meeting", "structure"],
                condition=models.Q(invitee__isnull=True),
                name="meetings_invitation_structure_once_per_meeting",
                violation_error_message=_("Cette structure est déjà invitée à cette réunion."),
            ),
        ]

    def __str__(self):
        return f"{self.attendee_display or self.structure} — {self.meeting}"

    @property
    def without_account(self):
        return self.invitee_id is None

    @property
    def attendee_display(self):
        """Who the line of the register is about: the invitee, or for a structure invited
        without an account the name of whoever came (empty until recorded)."""
        return str(self.invitee) if self.invitee_id else self.attendee_name


class InvitationChange(FieldChange):
    """The history of the register: each change of an invitation's attendance, of the name of
    whoever came for a structure without an account, or of its remark."""

    target_field = "invitation"

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="changes")

    class Meta(FieldChange.Meta):
        pass

    @property
    def label(self):
        invitation = self.invitation
        if invitation.invitee_id:
            who = str(invitation.invitee)
        else:
            who = invitation.structure.acronym if invitation.structure_id else "—"
        return f"{who} · {super().label}"
