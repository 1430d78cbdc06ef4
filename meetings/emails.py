"""The meetings' e-mails: invitations and the publication of minutes."""

from django.conf import settings
from django.urls import reverse

from core.mail import send_templated_email

from .models import Invitation, Minutes


def absolute(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def send_invitations(invitation_ids):
    invitations = Invitation.objects.filter(pk__in=invitation_ids).select_related(
        "invitee", "meeting"
    )
    for invitation in invitations:
        meeting = invitation.meeting
        send_templated_email(
            to=[invitation.invitee.email],
            template="meetings/email/invitation",
            context={
                "invitation": invitation,
                "meeting": meeting,
                "url": absolute(reverse("meetings:detail", args=[meeting.pk])),
            },
        )


def send_minutes_published(minutes_id):
    minutes = Minutes.objects.select_related("meeting").get(pk=minutes_id)
    meeting = minutes.meeting
    recipients = (
        meeting.invitations.exclude(response=Invitation.Response.DELEGATED)
        .filter(invitee__is_active=True)
        .values_list("invitee__email", flat=True)
    )
    url = absolute(reverse("meetings:detail", args=[meeting.pk]))
    for email in recipients:
        send_templated_email(
            to=[email],
            template="meetings/email/minutes_published",
            context={"meeting": meeting, "minutes": minutes, "url": url},
        )
