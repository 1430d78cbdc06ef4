from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.files import store_uploads
from core.uploads import validate_upload

from ..models import Document
from ._common import require_manager, require_not_cancelled


@transaction.atomic
def document_upload(*, actor, meeting, uploaded_file, title="", agenda_item=None):
    """Attach a presentation or report, after the shared upload validator accepted it.

    A refused file raises ValidationError before anything is written to storage.
    """
    require_manager(actor)
    require_not_cancelled(meeting)
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Ce point n'appartient pas à cette réunion.")})
    # Validated first: the title falls back on the name the validator cleaned.
    validated = getattr(uploaded_file, "validated", None) or validate_upload(uploaded_file)
    uploaded_file.validated = validated
    (document,) = store_uploads(
        model=Document,
        files=[uploaded_file],
        meeting=meeting,
        agenda_item=agenda_item,
        title=title.strip() or validated.original_name,
        uploaded_by=actor,
    )
    return document


@transaction.atomic
def document_delete(*, actor, document):
    """Remove a document; its file goes with the row (core.files)."""
    require_manager(actor)
    document.delete()
