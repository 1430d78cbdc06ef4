"""Handing a stored file to the user who may see it, as a download and never as a page.

Uploaded files live outside any public URL (no MEDIA_URL is served): a view fetches the object
through the user's scope (404 outside it), then returns ``protected_file_response``.
"""

import os
import unicodedata

from django.core.files import File
from django.http import FileResponse
from django.utils.translation import gettext as _

from core.uploads import MAX_NAME_LENGTH, is_unprintable


def display_name(raw):
    """A printable, path-free version of any name, for showing it and for Content-Disposition.

    Never raises: names stored before a rule changed must still download. Control and invisible
    characters are dropped, ``/`` and ``\\`` become ``_``, a name that is empty (or only dots)
    becomes « fichier », and a long name is cut to MAX_NAME_LENGTH, keeping its extension.
    """
    name = unicodedata.normalize("NFC", str(raw or ""))
    name = "".join("_" if char in "/\\" else char for char in name if not is_unprintable(char))
    name = name.strip().strip(".").strip() or _("fichier")
    if len(name) > MAX_NAME_LENGTH:
        _stem, dot, extension = name.rpartition(".")
        keep = dot + extension if dot and len(extension) <= 10 else ""
        name = name[: MAX_NAME_LENGTH - len(keep)] + keep
    return name


def protected_file_response(file_field_or_path, *, download_name, content_type):
    """A FileResponse that makes the browser save the file, under ``download_name``.

    The calling view must have checked that the user may see the file (fetching its object with
    ``core.scoping.get_visible_or_404``) before calling this: the helper checks nothing.
    ``file_field_or_path`` is a FieldFile, any Django File (``storage.open(name)``) or a path.
    ``content_type`` is the one ``validate_upload`` detected and stored, never the browser's;
    text types get ``charset=utf-8``, which the validator guarantees.

    Headers: ``Content-Disposition: attachment`` (Django writes an RFC 6266 ``filename*`` for
    non-ASCII names), ``X-Content-Type-Options: nosniff`` (so an HTML page disguised as text is
    not rendered) and ``Cache-Control: private`` (no shared proxy keeps a copy).
    """
    if isinstance(file_field_or_path, str | os.PathLike):
        handle = open(file_field_or_path, "rb")  # noqa: SIM115 - FileResponse closes it
    elif isinstance(file_field_or_path, File):
        file_field_or_path.open("rb")
        handle = file_field_or_path
    else:
        raise TypeError(f"Cannot serve {type(file_field_or_path).__name__} as a file")
    if content_type.startswith("text/") and "charset" not in content_type:
        content_type += "; charset=utf-8"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=display_name(download_name),
        content_type=content_type,
    )
    # Set here as well as by SecurityMiddleware, so the guarantee does not hang on a setting.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response
