"""Importing a session's recommendations from an Excel or CSV file, in two steps.

``import_preview`` reads the file and checks every row without writing anything, so that the
Secretariat sees every error at once, each with its spreadsheet row number (the header is row 1).
``recommendations_import`` then creates or updates the checked rows through the services, in one
transaction: all the rows or none.
"""

from .checking import Preview, PreviewRow, import_preview
from .committing import ImportResult, recommendations_import
from .reading import COLUMNS, MAX_ROWS, REQUIRED_COLUMNS

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "REQUIRED_COLUMNS",
    "ImportResult",
    "Preview",
    "PreviewRow",
    "import_preview",
    "recommendations_import",
]
