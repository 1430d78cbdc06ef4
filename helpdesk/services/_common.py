from django.core.exceptions import PermissionDenied

from ..models import Attachment, Event
from ..permissions import is_agent


def require_agent(actor):
    if not is_agent(actor):
        raise PermissionDenied


def record(ticket, actor, field, old, new):
    if str(old or "") != str(new or ""):
        Event.objects.create(
            ticket=ticket,
            actor=actor,
            field=field,
            old_value=str(old or ""),
            new_value=str(new or ""),
        )


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
