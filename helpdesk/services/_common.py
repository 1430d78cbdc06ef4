from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ..models import Attachment, Event
from ..permissions import is_agent


def require_agent(actor):
    if not is_agent(actor):
        raise PermissionDenied


def record(ticket, actor, field, old, new):
    """One line of the ticket's history, when the value changed."""
    if str(old or "") != str(new or ""):
        Event.objects.create(
            ticket=ticket,
            actor=actor,
            field=field,
            old_value=str(old or ""),
            new_value=str(new or ""),
        )


def record_moment(ticket, actor, field, old, new):
    """A change of a date and time, written in the portal's zone as agents read it."""
    zone = ZoneInfo(settings.TIME_ZONE)

    def written(value):
        return f"{timezone.localtime(value, zone):%d/%m/%Y %H:%M}" if value else ""

    record(ticket, actor, field, written(old), written(new))


def store_attachments(*, ticket, message, actor, files):
    """Files already went through the shared upload validator (UploadField) or go through it
    here; a failure removes what was stored before it."""
    from core.uploads import stored_name, validate_upload

    stored = []
    try:
        for uploaded in files:
            validated = getattr(uploaded, "validated", None) or validate_upload(uploaded)
            attachment = Attachment(
                ticket=ticket,
                message=message,
                original_name=validated.original_name,
                content_type=validated.content_type,
                size=validated.size,
                uploaded_by=actor,
            )
            uploaded.seek(0)
            attachment.file.save(stored_name("helpdesk", validated), uploaded, save=False)
            stored.append(attachment)
            attachment.save()
    except Exception:
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return stored
