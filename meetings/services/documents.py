from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.uploads import stored_name, validate_upload

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
    validated = validate_upload(uploaded_file)
    document = Document(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title.strip() or validated.original_name,
        original_name=validated.original_name,
        content_type=validated.content_type,
        size=validated.size,
        uploaded_by=actor,
    )
    uploaded_file.seek(0)
    document.file.save(stored_name("meetings", validated), uploaded_file, save=False)
    try:
        document.save()
    except Exception:
        # Do not leave an orphan file behind a row that was never written.
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def document_delete(*, actor, document):
    require_manager(actor)
    name = document.file.name
    storage = document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
