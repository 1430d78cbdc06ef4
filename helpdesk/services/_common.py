from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.files import store_uploads

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
    """The files of a ticket or of one of its messages, stored through core.files."""
    return store_uploads(
        model=Attachment, files=files, ticket=ticket, message=message, uploaded_by=actor
    )
