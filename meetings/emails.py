"""The meetings' e-mails: invitations and the publication of minutes, one message each."""

from django.conf import settings
from django.urls import reverse

from core.mail import send_templated_email

from .models import Invitation, Minutes


def absolute(path):
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def send_invitation(invitation_id):
    invitation = (
        Invitation.objects.filter(pk=invitation_id)
        .select_related("invitee", "meeting", "delegated_from__invitee")
        .first()
    )
    if invitation is None:
        # Withdrawn before the worker got to it (the meeting was deleted): nothing to say.
        return
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


def send_minutes_published_to(minutes_id, email):
    minutes = Minutes.objects.select_related("meeting").filter(pk=minutes_id).first()
    if minutes is None:
        return
    meeting = minutes.meeting
    send_templated_email(
        to=[email],
        template="meetings/email/minutes_published",
        context={
            "meeting": meeting,
            "minutes": minutes,
            "url": absolute(reverse("meetings:detail", args=[meeting.pk])),
        },
    )
