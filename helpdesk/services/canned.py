"""The canned replies agents insert in their answers, kept by the helpdesk supervisors."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..models import CannedReply
from ..permissions import can_manage_canned_replies


def _require_supervisor(actor):
    if not can_manage_canned_replies(actor):
        raise PermissionDenied


@transaction.atomic
def canned_reply_save(*, actor, reply=None, title, body, is_active=True):
    """Create a canned reply, or change ``reply``; a title already used is refused
    (ValidationError on ``title``)."""
    _require_supervisor(actor)
    reply = reply or CannedReply()
    reply.title, reply.body, reply.is_active = title.strip(), body.strip(), is_active
    reply.full_clean()
    reply.save()
    return reply


@transaction.atomic
def canned_reply_delete(*, actor, reply):
    """Messages keep the text they were sent with: only the model answer goes."""
    _require_supervisor(actor)
    reply.delete()
