"""Storing uploaded files: one way in, one way out, for every model built on StoredFile.

``store_uploads`` validates each file through the shared upload validator, writes it under a
random name and saves its row; if the transaction around it rolls back, the files it wrote are
removed. Deleting a row removes its file once the deletion commits (``remove_deleted_file``,
connected for every StoredFile model in ``CoreConfig.ready``).
"""

import weakref

from django.core.files.base import ContentFile
from django.db import transaction

from core.uploads import stored_name, validate_upload


def _remove(storage, names):
    for name in names:
        storage.delete(name)


class _KeepIfCommitted:
    """An on_commit callback for files written inside a transaction.

    Django calls it when the transaction commits, and drops it unseen, with every callback of
    the transaction or savepoint, when that rolls back. Being dropped is the only sign of a
    rollback Django gives, so the files are removed when the callback is discarded without
    having been called.
    """

    def __init__(self, storage, names):
        self._finalizer = weakref.finalize(self, _remove, storage, list(names))

    def __call__(self):
        self._finalizer.detach()


def store_uploads(*, model, files, **fields):
    """Validate and store each file as a ``model`` row (a StoredFile) with ``fields`` (its
    owner, who uploaded it...); the rows, in order. A file the validator refuses raises its
    ValidationError and nothing is kept; files written by a transaction that rolls back are
    removed with it."""
    stored = []
    try:
        with transaction.atomic():
            for uploaded in files:
                # UploadField already validated form uploads; the rest are validated here.
                validated = getattr(uploaded, "validated", None) or validate_upload(uploaded)
                row = model(
                    original_name=validated.original_name,
                    content_type=validated.content_type,
                    size=validated.size,
                    **fields,
                )
                uploaded.seek(0)
                row.file.save(stored_name(model.upload_prefix, validated), uploaded, save=False)
                stored.append(row)
                row.save()
    except BaseException:
        _remove(model.file.field.storage, [row.file.name for row in stored])
        raise
    if stored:
        names = [row.file.name for row in stored]
        transaction.on_commit(_KeepIfCommitted(model.file.field.storage, names))
    return stored


def stored_copies(rows):
    """The content of stored ``rows`` as new files under their original names, for
    ``store_uploads`` to store again (validated again, under new random names): a copy owes
    nothing to its row, and survives the row's deletion."""
    copies = []
    for row in rows:
        with row.file.open("rb") as stored:
            copies.append(ContentFile(stored.read(), name=row.original_name))
    return copies


def remove_deleted_file(sender, instance, **kwargs):
    """post_delete receiver: the row is gone, so is its file, once the deletion commits."""
    name = instance.file.name
    if name:
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
