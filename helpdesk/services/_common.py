from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.audit import audit_record
from core.files import store_uploads

from ..models import Attachment
from ..permissions import is_agent


def require_agent(actor):
    if not is_agent(actor):
        raise PermissionDenied


def record_moment(ticket, actor, field, old, new):
    """A change of a date and time, written in the portal's zone as agents read it."""
    zone = ZoneInfo(settings.TIME_ZONE)

    def written(value):
        return f"{timezone.localtime(value, zone):%d/%m/%Y %H:%M}" if value else ""

    audit_record(ticket, actor=actor, changes={field: (written(old), written(new))})


def store_attachments(*, ticket, message, actor, files):
    """The files of a ticket or of one of its messages, stored through core.files."""
    return store_uploads(
        model=Attachment, files=files, ticket=ticket, message=message, uploaded_by=actor
    )
