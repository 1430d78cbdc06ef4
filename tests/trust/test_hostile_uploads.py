"""Hostile files through every upload of the portal, and broken files through the import
(issue 8, item 3).

``tests/core/test_uploads.py`` proves the validator itself, name by name and byte by byte; here
each form that takes a file is fed the same hostile files over real HTTP, with multipart bodies
written by hand so that the file name reaches the server exactly as a browser (or an attacker)
would send it. A refused file answers a form error, and nothing is stored: no row, no file.
"""

import uuid
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from helpdesk.models import Attachment, Category, Priority
from recommendations.models import Evidence

from .conftest import PDF, changed_tables, rolled_back, snapshot

EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64
HTML = b"<html><script>alert(1)</script></html>"

# (what it is, file name, content)
HOSTILE_FILES = [
    ("a program", "programme.exe", EXE),
    ("a program named like a PDF", "rapport.pdf", EXE),
    ("a web page", "page.html", HTML),
    ("an SVG image (scripts run in it)", "logo.svg", b"<svg onload='alert(1)'/>"),
    ("a double extension", "rapport.pdf.exe", EXE),
    ("a double extension hiding a script", "photo.php.pdf", PDF),
    ("a name with NUL", "evil.exe\x00.pdf", PDF),
    ("a right-to-left override", "facture\u202efdp.exe", EXE),
    ("text that claims to be a PDF", "rapport.pdf", b"Ceci n'est pas un PDF"),
    ("an empty file", "vide.pdf", b""),
    ("an oversized file", "enorme.pdf", PDF + b"0" * 4096),
    ("a very long name", "a" * 230 + ".pdf", PDF),
    ("no name at all", "...", PDF),
]
# Names that a browser would never send but an attacker can: the server keeps only the last
# part of the path (Django's multipart parser) and stores the file under a random name.
PATH_NAMES = ["../../../etc/passwd.pdf", "..\\..\\windows\\win.pdf", "/var/www/absolu.pdf"]


def multipart(fields, files):
    """A multipart/form-data body, with the file names exactly as given."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
    for name, filename, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# (endpoint, who posts, address, the other fields, the file field)
def endpoints(w, c):
    ticket_fields = {
        "title": "Capture d'écran",
        "description": "Voir la pièce jointe.",
        "category": Category.objects.get(name="Messagerie professionnelle").pk,
        "priority": Priority.objects.get(name="Normale").pk,
    }
    return [
        (
            "meeting document",
            c.secretariat,
            f"/meetings/{w.health.meeting.pk}/documents/add/",
            {"title": "Document"},
            "file",
        ),
        ("new ticket", c.dsi_health, "/helpdesk/new/", ticket_fields, "attachments"),
        (
            "ticket reply",
            c.dsi_health,
            f"/helpdesk/{w.health.ticket.reference}/reply/",
            {"body": "Voici le fichier."},
            "attachments",
        ),
        (
            "recommendation evidence",
            c.dsi_health,
            f"/recommendations/{w.health.recommendation.pk}/update/",
            {"status": "in_progress", "progress": "50", "comment": "Avancement"},
            "evidence",
        ),
    ]


ENDPOINTS = ["meeting document", "new ticket", "ticket reply", "recommendation evidence"]


@pytest.fixture
def small_uploads(settings):
    settings.UPLOAD_MAX_BYTES = 4096


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_hostile_file_is_refused_and_nothing_is_stored(
    client, cast, world, media, small_uploads, endpoint
):
    _name, user, address, fields, field = next(
        e for e in endpoints(world, cast) if e[0] == endpoint
    )
    client.force_login(user)
    wrong = []
    for what, filename, content in HOSTILE_FILES:
        before = snapshot(media)
        body, content_type = multipart(fields, [(field, filename, content)])
        with rolled_back():
            response = client.generic("POST", address, body, content_type=content_type)
            after = snapshot(media)
        errors = response.context and _upload_errors(response.context, field)
        if response.status_code != 200 or not errors:
            wrong.append(f"{what}: answered {response.status_code} without an error on {field}")
        if changed_tables(before, after):
            wrong.append(f"{what}: stored {changed_tables(before, after)}")
    assert not wrong, "\n".join(wrong)


def _upload_errors(context, field):
    for name in ("form", "reply_form"):
        form = context.get(name)
        if form is not None and form.is_bound and field in form.errors:
            return form.errors[field]
    return None


@pytest.mark.parametrize("name", PATH_NAMES)
def test_a_path_in_a_file_name_never_reaches_the_disk(client, cast, world, media, name):
    client.force_login(cast.dsi_health)
    body, content_type = multipart({"body": "Voici le fichier."}, [("attachments", name, PDF)])
    client.generic(
        "POST",
        f"/helpdesk/{world.health.ticket.reference}/reply/",
        body,
        content_type=content_type,
    )
    attachment = Attachment.objects.order_by("pk").last()
    # Only the last part of the name is kept, for display; the file has a random name.
    assert "/" not in attachment.original_name and "\\" not in attachment.original_name
    assert ".." not in attachment.original_name
    assert attachment.file.name.startswith("helpdesk/")
    stored = media / attachment.file.name
    assert stored.is_file() and stored.read_bytes() == PDF
    assert uuid.UUID(stored.stem)
    outside = {p for p in media.parent.rglob("*") if media not in p.parents and p != media}
    assert not any(p.name in {"passwd.pdf", "win.pdf", "absolu.pdf"} for p in outside)


def test_a_refused_file_among_good_ones_stores_none_of_them(client, cast, world, media):
    client.force_login(cast.dsi_health)
    before = snapshot(media)
    body, content_type = multipart(
        {"status": "implemented", "progress": "100", "comment": "Fait"},
        [("evidence", "preuve.pdf", PDF), ("evidence", "outil.exe", EXE)],
    )
    response = client.generic(
        "POST",
        f"/recommendations/{world.health.recommendation.pk}/update/",
        body,
        content_type=content_type,
    )
    assert response.status_code == 200
    assert changed_tables(before, snapshot(media)) == []
    assert not Evidence.objects.filter(original_name="preuve.pdf", update__progress=100).exists()


# --- imports -----------------------------------------------------------------------------

HEADERS = ["Texte", "Structure pilote", "Thème", "Échéance", "Statut", "Avancement"]


def workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_errors(client, meeting, name, content):
    response = client.post(
        "/recommendations/import/",
        {"meeting": meeting.pk, "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    return " ".join(response.context["form"].errors.get("file", []))


BROKEN_IMPORTS = [
    ("a PDF named .xlsx", "recommandations.xlsx", PDF, "ne correspond pas à son extension"),
    ("a program named .csv", "recommandations.csv", EXE, "programme exécutable"),
    ("a CSV not in UTF-8", "recommandations.csv", "Thème;é".encode("cp1252"), "UTF-8"),
    ("a Word document", "recommandations.docx", PDF, "n'est pas accepté"),
    ("an empty file", "recommandations.xlsx", b"", "est vide"),
]


@pytest.mark.parametrize(
    ("what", "name", "content", "message"), BROKEN_IMPORTS, ids=[b[0] for b in BROKEN_IMPORTS]
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_french_message(
    client, cast, world, media, what, name, content, message
):
    client.force_login(cast.secretariat)
    before = snapshot(media)
    assert message in import_errors(client, world.january, name, content)
    assert changed_tables(before, snapshot(media)) == []


def test_a_huge_sheet_is_refused_with_a_french_message(client, cast, world, media):
    client.force_login(cast.secretariat)
    rows = [[f"Recommandation {n}", "MS", "Serveur de fichiers"] for n in range(1002)]
    before = snapshot(media)
    errors = import_errors(client, world.january, "recommandations.xlsx", workbook(rows))
    assert "Le fichier compte plus de 1000 lignes" in errors
    assert changed_tables(before, snapshot(media)) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "recommandations.xlsx",
            workbook([['=HYPERLINK("http://exemple.org","Cliquez")', "MS", "Serveur de fichiers"]]),
        ),
        ("recommandations.xlsx", workbook([["Sauvegarder", "MS", "Serveur de fichiers", "=A1"]])),
        (
            "recommandations.csv",
            "texte;structure pilote;thème\n=cmd|' /C calc'!A0;MS;Serveur de fichiers\n".encode(),
        ),
    ],
    ids=["xlsx-text", "xlsx-date", "csv"],
)
def test_a_file_with_formulas_is_refused_with_a_french_message(
    client, cast, world, media, name, content
):
    """Formulas have no value the portal can trust (a workbook saved by a program other than
    Excel has none cached), and a formula kept as text would run in the next spreadsheet that
    opens an export."""
    client.force_login(cast.secretariat)
    before = snapshot(media)
    errors = import_errors(client, world.january, name, content)
    assert "formule" in errors and "ligne 2" in errors
    assert changed_tables(before, snapshot(media)) == []
