"""Reading the rows of an imported Excel or CSV file, and mapping its columns."""

import csv
import io
import re
import unicodedata
import zipfile
from contextlib import closing

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_ROWS = 1000
# Rows read, empty ones included: a sheet "used" down to row 1,048,576 (a format applied to a
# whole column) is refused at once, not after minutes of reading empty rows.
MAX_SCANNED_ROWS = 20 * MAX_ROWS
# A workbook's size once decompressed: 1,000 rows of eight columns take well under 2 MB; a
# small file that inflates far beyond is refused before it is opened.
XLSX_MAX_UNCOMPRESSED_BYTES = 30 * 1024 * 1024
# Columns read: a row formatted to its last column (XFD, the 16,384th) is read up to here only.
MAX_COLUMNS = 50
# The headers are part of the file format, French whatever the interface language; each field
# also answers to a few usual variants (compared without case, accents or punctuation).
COLUMNS = {
    "reference": ("référence", ("reference", "ref")),
    "text": ("texte", ("texte", "recommandation", "text")),
    "lead_structure": ("structure pilote", ("structure pilote", "structure")),
    "theme": ("thème", ("theme",)),
    "due_date": ("échéance", ("echeance", "date d echeance", "date limite")),
    "status": ("statut", ("statut", "status")),
    "progress": ("avancement", ("avancement", "progression")),
    "status_reason": ("motif", ("motif",)),
}
REQUIRED_COLUMNS = ("text", "lead_structure", "theme")
_HEADER_KEYS = {alias: name for name, (_label, aliases) in COLUMNS.items() for alias in aliases}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")
# What openpyxl raises on a workbook that passed the upload check but cannot be read.
_BROKEN_XLSX = (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError)


def match_key(value):
    """Compare names the way people type them: no case, no accents, single spaces."""
    text = str(value).replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def _header_key(value):
    return re.sub(r"[^a-z0-9]+", " ", match_key(value or "")).strip()


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# Reading ------------------------------------------------------------------------------------


def _formula(row):
    """Formulas are refused: their cached result is missing from files saved by programs other
    than Excel, and a formula kept as text would run in the spreadsheet that opens an export."""
    return ValidationError(
        _(
            "La ligne %(row)s contient une formule (une cellule qui commence par « = »). "
            "Remplacez les formules par leurs valeurs (Copier, puis Collage spécial > Valeurs), "
            "puis déposez le fichier à nouveau."
        )
        % {"row": row},
        code="formula",
    )


def _too_large():
    return ValidationError(
        _(
            "Ce classeur est trop volumineux pour un import de %(max)s recommandations au plus : "
            "il contient sans doute des milliers de lignes ou de colonnes vides ou mises en "
            "forme. Copiez les seules lignes utiles dans un nouveau classeur, puis déposez-le."
        )
        % {"max": MAX_ROWS},
        code="too_large",
    )


def _xlsx_rows(file):
    # The sizes the archive declares bound what reading it decompresses (zipfile stops at
    # the declared size of each part).
    with zipfile.ZipFile(file) as archive:
        if sum(part.file_size for part in archive.infolist()) > XLSX_MAX_UNCOMPRESSED_BYTES:
            raise _too_large()
    file.seek(0)
    # Read the formulas themselves (not their cached results), to refuse them.
    workbook = load_workbook(file, read_only=True, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        # Some programs write wrong dimensions; without them openpyxl reads every stored row.
        sheet.reset_dimensions()
        for number, cells in enumerate(sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS), 1):
            values = []
            for cell in cells:
                if cell.data_type == "f":
                    raise _formula(number)
                value = cell.value
                # A cell shown as "50 %" holds 0.5.
                if isinstance(value, int | float) and "%" in (cell.number_format or ""):
                    value = round(value * 100, 6)
                values.append(value)
            yield values
    finally:
        workbook.close()


def _csv_rows(file):
    text = file.read().decode("utf-8-sig")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, cells in enumerate(reader, 1):
        if any(cell.lstrip().startswith("=") for cell in cells):
            raise _formula(number)
        yield cells


def read_rows(file, extension):
    """[(row number, [cell values])] of the first sheet, the header row included."""
    file.seek(0)
    rows = []
    try:
        with closing(_xlsx_rows(file) if extension == "xlsx" else _csv_rows(file)) as reader:
            for number, cells in enumerate(reader, 1):
                if number > MAX_SCANNED_ROWS:
                    raise _too_large()
                if any(cell_text(cell) for cell in cells):
                    rows.append((number, cells))
                if len(rows) > MAX_ROWS + 1:  # the header, and one row too many to refuse
                    break
    except (*_BROKEN_XLSX, csv.Error, UnicodeDecodeError) as error:
        raise ValidationError(
            _(
                "Le fichier n'a pas pu être lu. Ouvrez-le dans Excel ou LibreOffice pour vérifier "
                "qu'il n'est pas endommagé, enregistrez-le au format .xlsx ou CSV UTF-8, puis "
                "déposez-le à nouveau."
            ),
            code="unreadable",
        ) from error
    return rows


def map_columns(header):
    """{field: cell index} from the header row, and the headers that match no field."""
    columns, ignored = {}, []
    for index, value in enumerate(header):
        name = _HEADER_KEYS.get(_header_key(value))
        if name is None:
            if cell_text(value):
                ignored.append(cell_text(value))
        elif name in columns:
            raise ValidationError(
                _("La colonne « %(column)s » apparaît deux fois : gardez-en une seule.")
                % {"column": COLUMNS[name][0]},
                code="duplicate_column",
            )
        else:
            columns[name] = index
    missing = [COLUMNS[name][0] for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise ValidationError(
            _(
                "Colonnes obligatoires absentes : %(missing)s. La première ligne du fichier doit "
                "porter les en-têtes : %(expected)s."
            )
            % {
                "missing": ", ".join(f"« {label} »" for label in missing),
                "expected": ", ".join(label for label, _aliases in COLUMNS.values()),
            },
            code="missing_columns",
        )
    return columns, ignored
