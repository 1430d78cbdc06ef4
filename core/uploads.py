"""The portal's one upload validator, and the names uploaded files are stored under.

Every file a user sends (meeting documents, helpdesk attachments, ...) goes through
``validate_upload`` before anything is written to storage: its name, extension(s), size and
content must all pass. The content is recognised by its magic numbers with the standard library
only, because libmagic is not installed on every machine. The caller then stores the file under
``stored_name()`` (or a model FileField with ``upload_to=UploadTo(prefix)``): a random name that
owes nothing to the user's, so a name can never become a path. The sanitised original name is
kept apart, for display and for the download's Content-Disposition (see ``core.downloads``).

Forms use ``UploadField``; the cleaned file then carries the result as ``file.validated``.
"""

import codecs
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.formats import number

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# All the files of one form together (evidence, attachments): one request may not carry more.
DEFAULT_MAX_REQUEST_BYTES = 30 * 1024 * 1024
# Below the 255 characters at which Django silently truncates uploaded names, so that a very
# long name is refused with a message rather than cut.
MAX_NAME_LENGTH = 200
_CHUNK = 1024 * 1024
_HEAD = 64

# Programs, whatever their name says: PE/DOS ("MZ"), ELF, scripts with a shebang, Windows
# shortcuts, and Mach-O (both byte orders, 32 and 64 bits, universal).
_MACH_O = ("feedface", "feedfacf", "cefaedfe", "cffaedfe", "cafebabe")
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"L\x00\x00\x00\x01\x14\x02\x00")
_EXECUTABLE_MAGIC += tuple(bytes.fromhex(magic) for magic in _MACH_O)
# Extensions that run when opened (on a desktop or on a web server). A name with several
# extension-like segments (the parts after each dot) is refused if any of them is one of these:
# "rapport.pdf.exe", "photo.jpg.php", "facture.exe.pdf".
_DANGEROUS = (
    "exe com bat cmd msi msp scr pif cpl dll sys ps1 psm1 vb vbs vbe js jse mjs wsf wsh hta "
    "jar lnk reg inf scf url sh bash zsh csh ksh php php3 php4 php5 php7 phtml phar pl py "
    "pyc rb cgi asp aspx jsp jspx htm html xhtml shtml svg apk deb rpm dmg docm dotm xlsm "
    "xltm xlam pptm potm ppam"
)
DANGEROUS_EXTENSIONS = frozenset(_DANGEROUS.split())
_PREFIX = re.compile(r"[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*")
_DRIVE = re.compile(r"[A-Za-z]:")
# Control, format (bidi overrides such as U+202E that disguise "gpj.exe" as "exe.jpg"),
# surrogate and line/paragraph separator characters.
UNPRINTABLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


@dataclass(frozen=True)
class ValidatedUpload:
    """What ``validate_upload`` found: the name to show, and the type the content proved."""

    original_name: str
    extension: str
    content_type: str
    size: int


def _starts_with(*magic):
    return lambda file, head: head.startswith(magic)


# What zipfile raises on a truncated, forged or encrypted archive.
_BROKEN_ZIP = (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, EOFError, OSError)


def _zip_container(test):
    # The ZIP must start at byte 0: zipfile also opens archives appended to other data, which is
    # how a self-extracting executable would pass for a document.
    def matches(file, head):
        if not head.startswith(b"PK\x03\x04"):
            return False
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                return test(archive)
        except _BROKEN_ZIP:
            return False

    return matches


def _office_open_xml(kind, main_part):
    test = lambda archive: {"[Content_Types].xml", main_part} <= set(archive.namelist())  # noqa: E731
    return ("application/vnd.openxmlformats-officedocument." + kind, _zip_container(test))


def _open_document(kind):
    mimetype = f"application/vnd.oasis.opendocument.{kind}"

    def test(archive):
        info = next((i for i in archive.infolist() if i.filename == "mimetype"), None)
        # Compare sizes before reading, so that a forged entry cannot make us inflate a bomb.
        return (
            bool(info)
            and info.file_size == len(mimetype)
            and archive.read(info) == mimetype.encode()
        )

    return (mimetype, _zip_container(test))


def _ole2(content_type, *streams):
    # Legacy Office files are OLE2 compound files, and each kind has a main stream whose name is
    # written in UTF-16 in the directory. Looking for that name is a heuristic, not a parser,
    # but it refuses other OLE2 files (an .msi installer, say) renamed .doc.
    needles = [(name + "\0").encode("utf-16-le") for name in streams]

    def matches(file, head):
        if not head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
            return False
        file.seek(0)
        tail = b""
        while chunk := file.read(_CHUNK):
            if any(needle in tail + chunk for needle in needles):
                return True
            tail = chunk[-64:]  # longer than any needle, for names cut between two chunks
        return False

    return (content_type, matches)


def _utf8_text(file, head):
    file.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := file.read(_CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


# Extension -> (content type, check of the content).
FILE_TYPES = {
    "pdf": ("application/pdf", _starts_with(b"%PDF-")),
    "docx": _office_open_xml("wordprocessingml.document", "word/document.xml"),
    "xlsx": _office_open_xml("spreadsheetml.sheet", "xl/workbook.xml"),
    "pptx": _office_open_xml("presentationml.presentation", "ppt/presentation.xml"),
    "doc": _ole2("application/msword", "WordDocument"),
    "xls": _ole2("application/vnd.ms-excel", "Workbook", "Book"),
    "ppt": _ole2("application/vnd.ms-powerpoint", "PowerPoint Document"),
    "odt": _open_document("text"),
    "ods": _open_document("spreadsheet"),
    "odp": _open_document("presentation"),
    "png": ("image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
    "jpg": ("image/jpeg", _starts_with(b"\xff\xd8\xff")),
    "jpeg": ("image/jpeg", _starts_with(b"\xff\xd8\xff")),
    "gif": ("image/gif", _starts_with(b"GIF87a", b"GIF89a")),
    "webp": ("image/webp", lambda file, head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    "txt": ("text/plain", _utf8_text),
    "csv": ("text/csv", _utf8_text),
}
ALLOWED_EXTENSIONS = tuple(FILE_TYPES)
_TEXT_EXTENSIONS = frozenset({"txt", "csv"})


# Every refusal, by code, in one place. Marked for extraction here and translated when raised,
# so each message follows the language of the request that triggers it.
MESSAGES = {
    "name_control_characters": gettext_noop(
        "Le nom du fichier contient des caractères invisibles ou de contrôle. Renommez le fichier "
        "avec un nom simple, par exemple « compte-rendu.pdf », puis déposez-le à nouveau."
    ),
    "name_path": gettext_noop(
        "Le nom du fichier contient un chemin de dossier (« / », « \\ » ou « C: »). Renommez le "
        "fichier avec un nom simple, par exemple « compte-rendu.pdf », puis déposez-le à nouveau."
    ),
    "name_missing": gettext_noop(
        "Le fichier n'a pas de nom utilisable. Renommez le fichier avec un nom simple, par "
        "exemple « compte-rendu.pdf », puis déposez-le à nouveau."
    ),
    "name_too_long": gettext_noop(
        "Le nom du fichier dépasse %(max)s caractères. Raccourcissez-le, puis déposez-le à nouveau."
    ),
    "double_extension": gettext_noop(
        "Le nom du fichier « %(name)s » contient l'extension « .%(extension)s », réservée aux "
        "programmes et aux scripts. Renommez le fichier avec une seule extension, par exemple "
        "« rapport.pdf », puis déposez-le à nouveau."
    ),
    "extension_not_allowed": gettext_noop(
        "Le type du fichier « %(name)s » n'est pas accepté. Types acceptés : %(allowed)s. "
        "Enregistrez le document dans l'un de ces formats, puis déposez-le à nouveau."
    ),
    "empty": gettext_noop(
        "Le fichier « %(name)s » est vide. Vérifiez que vous avez choisi le bon fichier, puis "
        "déposez-le à nouveau."
    ),
    "too_large": gettext_noop(
        "Le fichier « %(name)s » dépasse la taille maximale de %(limit)s. Réduisez-le ou "
        "compressez-le avant de le déposer."
    ),
    "too_large_together": gettext_noop(
        "Ces fichiers font %(total)s ensemble ; un envoi en accepte %(limit)s au plus. Envoyez "
        "les plus gros dans un second temps (par exemple avec une réponse suivante)."
    ),
    "executable": gettext_noop(
        "Le fichier « %(name)s » est un programme exécutable, quel que soit son nom. Les "
        "programmes ne sont pas acceptés : déposez le document lui-même (PDF, Word, Excel, "
        "image…)."
    ),
    "text_not_utf8": gettext_noop(
        "Le fichier « %(name)s » n'est pas un texte encodé en UTF-8. Enregistrez-le en UTF-8 "
        "(dans Excel : « CSV UTF-8 »), puis déposez-le à nouveau."
    ),
    "content_mismatch": gettext_noop(
        "Le contenu du fichier « %(name)s » ne correspond pas à son extension « .%(extension)s » : "
        "il est endommagé ou a été renommé. Ouvrez-le pour vérifier, enregistrez-le au bon "
        "format, puis déposez-le à nouveau."
    ),
}


def _refuse(code, **params):
    return ValidationError(_(MESSAGES[code]), code=code, params=params)


def is_unprintable(char):
    return unicodedata.category(char) in UNPRINTABLE_CATEGORIES


def clean_name(raw):
    """The user's file name, normalised for display; ValidationError if it is hostile.

    Refused: control or invisible formatting characters, a path (``/``, ``\\`` or a drive such
    as ``C:``), a name that is empty or only dots, a name longer than MAX_NAME_LENGTH.
    """
    name = unicodedata.normalize("NFC", raw or "")
    if any(is_unprintable(char) for char in name):
        raise _refuse("name_control_characters")
    name = name.strip()
    if "/" in name or "\\" in name or _DRIVE.match(name):
        raise _refuse("name_path")
    if not name.strip("."):
        raise _refuse("name_missing")
    if len(name) > MAX_NAME_LENGTH:
        raise _refuse("name_too_long", max=MAX_NAME_LENGTH)
    return name


def _allowed(extensions):
    allowed = ALLOWED_EXTENSIONS if extensions is None else tuple(extensions)
    unknown = set(allowed) - set(FILE_TYPES)
    if unknown:
        raise ValueError(f"No upload check for extensions {sorted(unknown)}")
    return allowed


def _human_size(size):
    for unit, factor in ((_("Go"), 1024**3), (_("Mo"), 1024**2), (_("Ko"), 1024)):
        if size >= factor:
            value = round(size / factor, 1)
            return f"{number(value, 0 if value.is_integer() else 1)} {unit}"
    return _("%(count)s octets") % {"count": size}


def validate_upload(file, *, extensions=None):
    """Check an uploaded file and say what it is; ValidationError (French) if it is refused.

    ``file`` is any Django File: an UploadedFile from a form, or a File around bytes that came
    another way (an e-mail attachment, say), whose name is checked here rather than trusted.
    ``extensions`` narrows ALLOWED_EXTENSIONS for one use. Nothing is written anywhere; the file
    is left at position 0, for the caller to store.
    """
    name = clean_name(getattr(file, "name", None))
    allowed = _allowed(extensions)
    segments = [segment.strip().lower() for segment in name.split(".")[1:]]
    extension = segments[-1] if segments else ""
    dangerous = [segment for segment in segments if segment in DANGEROUS_EXTENSIONS]
    if len(segments) > 1 and dangerous:
        raise _refuse("double_extension", name=name, extension=dangerous[0])
    if extension not in allowed:
        raise _refuse("extension_not_allowed", name=name, allowed=", ".join(allowed))
    size = file.size
    if not size:
        raise _refuse("empty", name=name)
    limit = getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    if size > limit:
        raise _refuse("too_large", name=name, limit=_human_size(limit))
    try:
        file.seek(0)
        head = file.read(_HEAD)
        if head.startswith(_EXECUTABLE_MAGIC):
            raise _refuse("executable", name=name)
        if not FILE_TYPES[extension][1](file, head):
            if extension in _TEXT_EXTENSIONS:
                raise _refuse("text_not_utf8", name=name)
            raise _refuse("content_mismatch", name=name, extension=extension)
    finally:
        file.seek(0)
    return ValidatedUpload(name, extension, FILE_TYPES[extension][0], size)


def _random_name(prefix, extension):
    if not _PREFIX.fullmatch(prefix or ""):
        raise ValueError(f"Upload prefix {prefix!r} must be lowercase words separated by '/'")
    if extension not in FILE_TYPES:
        raise ValueError(f"Extension {extension!r} was not validated by validate_upload")
    today = timezone.localdate()
    return f"{prefix}/{today:%Y}/{today:%m}/{uuid.uuid4().hex}.{extension}"


def stored_name(prefix, validated):
    """``<prefix>/<yyyy>/<mm>/<random hex>.<extension>``: where to store a validated file."""
    return _random_name(prefix, validated.extension)


@deconstructible
class UploadTo:
    """``upload_to`` for model FileFields: the ``stored_name`` rule, for files that passed
    ``validate_upload``; of the user's name only the (allowed) final extension is used."""

    def __init__(self, prefix):
        _random_name(prefix, "pdf")  # fail at import time on a bad prefix
        self.prefix = prefix

    def __call__(self, instance, filename):
        return _random_name(self.prefix, filename.rpartition(".")[2].strip().lower())


class UploadField(forms.FileField):
    """A form file field that runs ``validate_upload``; the cleaned file gets ``.validated``."""

    def __init__(self, *, extensions=None, **kwargs):
        self.extensions = _allowed(extensions)
        # validate_upload refuses empty files itself, with a message that says what to do.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # A hint for the browser's file picker only; the server-side check is what counts.
        return {
            **super().widget_attrs(widget),
            "accept": ",".join(f".{e}" for e in self.extensions),
        }

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and file is not initial:
            file.validated = validate_upload(file, extensions=self.extensions)
        return file


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleUploadField(UploadField):
    """Several files at once (evidence, attachments); each goes through ``validate_upload``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        # The total first: it is known without reading any file.
        total = sum(getattr(file, "size", 0) or 0 for file in files)
        limit = getattr(settings, "UPLOAD_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES)
        if total > limit:
            raise _refuse("too_large_together", total=_human_size(total), limit=_human_size(limit))
        return [UploadField.clean(self, file, initial) for file in files]
