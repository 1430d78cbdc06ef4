"""The one upload validator: what it accepts, what it refuses and why, and where files go.

Every file here is built from bytes in the test, as a user's browser would send it.
"""

import io
import re
import struct
import zipfile
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from core.uploads import UploadField, UploadTo, ValidatedUpload, stored_name, validate_upload

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56)
PE = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(52) + b"\x80\x00\x00\x00" + bytes(64) + b"PE\x00\x00"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
OOXML_NS = "http://schemas.openxmlformats.org"
RELS = OOXML_NS + "/officeDocument/2006/relationships"
OOXML_TYPE = "application/vnd.openxmlformats-officedocument."


def zip_bytes(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            # OpenDocument wants its "mimetype" entry first and uncompressed.
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return buffer.getvalue()


def office_open_xml(main_part, main_type, main_xml, **other_parts):
    """A minimal Office Open XML package: content types, the package relationship, the parts."""
    overrides = f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
    return zip_bytes(
        {
            "[Content_Types].xml": XML
            + f'<Types xmlns="{OOXML_NS}/package/2006/content-types">'
            + '<Default Extension="rels" ContentType="application/'
            + 'vnd.openxmlformats-package.relationships+xml"/>'
            + f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>',
            "_rels/.rels": XML
            + f'<Relationships xmlns="{OOXML_NS}/package/2006/relationships">'
            + f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="{main_part}"/>'
            + "</Relationships>",
            main_part: XML + main_xml,
            **other_parts,
        }
    )


def docx_bytes():
    return office_open_xml(
        "word/document.xml",
        OOXML_TYPE + "wordprocessingml.document.main+xml",
        f'<w:document xmlns:w="{OOXML_NS}/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        "<w:t>Compte rendu de la 2e rencontre MTDPCE-DSI</w:t></w:r></w:p></w:body></w:document>",
    )


def xlsx_bytes():
    sheet = f'<worksheet xmlns="{OOXML_NS}/spreadsheetml/2006/main"><sheetData/></worksheet>'
    return office_open_xml(
        "xl/workbook.xml",
        OOXML_TYPE + "spreadsheetml.sheet.main+xml",
        f'<workbook xmlns="{OOXML_NS}/spreadsheetml/2006/main" xmlns:r="{RELS}"><sheets>'
        '<sheet name="Recommandations" sheetId="1" r:id="rId1"/></sheets></workbook>',
        **{
            "xl/_rels/workbook.xml.rels": XML
            + f'<Relationships xmlns="{OOXML_NS}/package/2006/relationships">'
            + f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            + "</Relationships>",
            "xl/worksheets/sheet1.xml": XML + sheet,
        },
    )


def odt_bytes(mimetype=b"application/vnd.oasis.opendocument.text"):
    return zip_bytes(
        {
            "mimetype": mimetype,
            "META-INF/manifest.xml": XML
            + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            + 'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="'
            + mimetype.decode()
            + '"/></manifest:manifest>',
            "content.xml": XML + "<office:document-content/>",
        }
    )


def png_bytes():
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # one grey pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


def ole2_bytes(*streams):
    """The header and directory of an OLE2 compound file (legacy Office): what the check reads."""
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)
    )
    directory = b""
    for name in ("Root Entry", *streams):
        encoded = (name + "\0").encode("utf-16-le")
        directory += encoded.ljust(64, b"\0") + struct.pack("<H", len(encoded)) + bytes(62)
    return header.ljust(512, b"\0") + directory.ljust(512, b"\0")


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"  # noqa: E501
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"  # noqa: E501
CSV = "\ufeffStructure;Recommandation;Statut\nMinistère de la Santé;Messagerie;En cours\n".encode()


def refusal(name, content):
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile(name, content))
    return caught.value


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Compte rendu.pdf", PDF, "application/pdf"),
        ("ordre-du-jour.docx", docx_bytes(), OOXML_TYPE + "wordprocessingml.document"),
        ("suivi.XLSX", xlsx_bytes(), OOXML_TYPE + "spreadsheetml.sheet"),
        ("note.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("ancien rapport.doc", ole2_bytes("WordDocument"), "application/msword"),
        ("capture.png", png_bytes(), "image/png"),
        ("photo de la salle.jpg", JPEG, "image/jpeg"),
        ("logo.gif", GIF, "image/gif"),
        ("bannière.webp", WEBP, "image/webp"),
        ("recommandations.csv", CSV, "text/csv"),
        ("notes 21.04.2022.txt", "Réunion à Ouagadougou".encode(), "text/plain"),
    ],
)
def test_an_allowed_file_is_accepted_and_typed_by_its_content(name, content, content_type):
    upload = validate_upload(SimpleUploadedFile(name, content, content_type="application/x-foo"))
    assert upload == ValidatedUpload(
        name, name.rpartition(".")[2].lower(), content_type, len(content)
    )


@pytest.mark.parametrize("content", [ELF, PE], ids=["elf", "windows-pe"])
@pytest.mark.parametrize("name", ["report.pdf", "ordre-du-jour.docx", "notes.txt"])
def test_a_renamed_executable_is_refused(name, content):
    error = refusal(name, content)
    assert error.code == "executable"
    assert error.messages == [
        f"Le fichier « {name} » est un programme exécutable, quel que soit son nom. Les "
        "programmes ne sont pas acceptés : déposez le document lui-même (PDF, Word, Excel, "
        "image…)."
    ]


@pytest.mark.parametrize(
    ("name", "extension"),
    [
        ("rapport.pdf.exe", "exe"),
        ("photo.jpg.php", "php"),
        ("facture.exe.pdf", "exe"),
        ("scan.JS.png", "js"),
        ("budget.xlsm.xlsx", "xlsm"),
    ],
)
def test_a_double_extension_is_refused(name, extension):
    error = refusal(name, PDF)
    assert error.code == "double_extension"
    assert error.messages == [
        f"Le nom du fichier « {name} » contient l'extension « .{extension} », réservée aux "
        "programmes et aux scripts. Renommez le fichier avec une seule extension, par exemple "
        "« rapport.pdf », puis déposez-le à nouveau."
    ]


@pytest.mark.parametrize("name", ["installateur.exe", "archive.zip", "page.html", "LISEZMOI"])
def test_a_type_off_the_allow_list_is_refused(name):
    error = refusal(name, PDF)
    assert error.code == "extension_not_allowed"
    assert error.messages[0].startswith(f"Le type du fichier « {name} » n'est pas accepté. ")
    assert "Types acceptés : pdf, docx, xlsx, pptx, doc, xls, ppt, odt," in error.messages[0]


def test_an_oversized_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    error = refusal("rapport.pdf", PDF.ljust(1025, b" "))
    assert error.code == "too_large"
    assert error.messages == [
        "Le fichier « rapport.pdf » dépasse la taille maximale de 1 Ko. Réduisez-le ou "
        "compressez-le avant de le déposer."
    ]
    assert validate_upload(SimpleUploadedFile("rapport.pdf", PDF.ljust(1024, b" "))).size == 1024


def test_the_default_limit_is_20_mo(settings):
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024
    error = refusal("enregistrement.pdf", PDF.ljust(20 * 1024 * 1024 + 1, b" "))
    assert "dépasse la taille maximale de 20 Mo." in error.messages[0]


def test_an_empty_file_is_refused():
    error = refusal("rapport.pdf", b"")
    assert error.code == "empty"
    assert error.messages == [
        "Le fichier « rapport.pdf » est vide. Vérifiez que vous avez choisi le bon fichier, puis "
        "déposez-le à nouveau."
    ]


@pytest.mark.parametrize(
    ("name", "code", "message_start"),
    [
        ("../../etc/passwd.pdf", "name_path", "Le nom du fichier contient un chemin de dossier"),
        ("/etc/passwd.pdf", "name_path", "Le nom du fichier contient un chemin de dossier"),
        ("..\\..\\rapport.pdf", "name_path", "Le nom du fichier contient un chemin de dossier"),
        ("C:rapport.pdf", "name_path", "Le nom du fichier contient un chemin de dossier"),
        ("rapport\x00.pdf", "name_control_characters", "Le nom du fichier contient des caract"),
        ("rapport\n.pdf", "name_control_characters", "Le nom du fichier contient des caract"),
        ("photo\u202egpj.exe", "name_control_characters", "Le nom du fichier contient des carac"),
        ("..", "name_missing", "Le fichier n'a pas de nom utilisable."),
        ("  .  ", "name_missing", "Le fichier n'a pas de nom utilisable."),
        ("", "name_missing", "Le fichier n'a pas de nom utilisable."),
        ("a" * 300 + ".pdf", "name_too_long", "Le nom du fichier dépasse 200 caractères."),
    ],
)
def test_a_hostile_file_name_is_refused(name, code, message_start):
    # A File around bytes keeps the name as given: Django's multipart parser already strips
    # paths, but files may come another way (e-mail attachments), so the validator checks itself.
    with pytest.raises(ValidationError) as caught:
        validate_upload(File(io.BytesIO(PDF), name=name))
    assert caught.value.code == code
    assert caught.value.messages[0].startswith(message_start)
    assert caught.value.messages[0].endswith("puis déposez-le à nouveau.")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("capture.pdf", png_bytes()),
        ("tableau.docx", xlsx_bytes()),
        ("archive-renommee.docx", zip_bytes({"word/document.xml": "<w:document/>"})),
        ("auto-extractible.docx", b"\x00" * 16 + docx_bytes()),
        ("note.odt", odt_bytes(b"application/vnd.oasis.opendocument.spreadsheet")),
        ("installateur.doc", ole2_bytes("\x05SummaryInformation")),
        ("photo.jpg", png_bytes()),
    ],
)
def test_a_file_whose_content_does_not_match_its_extension_is_refused(name, content):
    error = refusal(name, content)
    assert error.code == "content_mismatch"
    extension = name.rpartition(".")[2]
    assert error.messages == [
        f"Le contenu du fichier « {name} » ne correspond pas à son extension « .{extension} » : "
        "il est endommagé ou a été renommé. Ouvrez-le pour vérifier, enregistrez-le au bon "
        "format, puis déposez-le à nouveau."
    ]


@pytest.mark.parametrize(
    "content", ["Ministère;Santé\n".encode("cp1252"), "Santé".encode("utf-16")], ids=str
)
def test_a_text_file_not_in_utf8_is_refused(content):
    error = refusal("export.csv", content)
    assert error.code == "text_not_utf8"
    assert error.messages == [
        "Le fichier « export.csv » n'est pas un texte encodé en UTF-8. Enregistrez-le en UTF-8 "
        "(dans Excel : « CSV UTF-8 »), puis déposez-le à nouveau."
    ]


def test_validation_stores_nothing_and_rewinds_the_file(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("ordre-du-jour.docx", docx_bytes())
    validate_upload(upload)
    assert list(tmp_path.iterdir()) == []
    assert upload.tell() == 0


def test_a_caller_may_narrow_the_allowed_types():
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("rapport.pdf", PDF), extensions=("png", "jpg"))
    assert "Types acceptés : png, jpg." in caught.value.messages[0]
    with pytest.raises(ValueError, match="exe"):
        validate_upload(SimpleUploadedFile("rapport.pdf", PDF), extensions=("pdf", "exe"))


STORED = re.compile(r"meetings/documents/\d{4}/(0[1-9]|1[0-2])/[0-9a-f]{32}\.pdf")


@pytest.mark.usefixtures("still_clock")
def test_stored_name_never_contains_the_original_name_nor_a_path():
    upload = validate_upload(File(io.BytesIO(PDF), name="Compte rendu DSI.pdf"))
    name = stored_name("meetings/documents", upload)
    assert STORED.fullmatch(name)
    assert name.startswith(f"meetings/documents/{timezone.localdate():%Y/%m}/")
    assert "Compte" not in name
    assert stored_name("meetings/documents", upload) != name


@pytest.mark.parametrize("prefix", ["../media", "/etc", "Meetings", "meetings/", "", "a//b"])
def test_stored_name_refuses_a_prefix_that_could_escape_the_storage(prefix):
    with pytest.raises(ValueError, match="prefix"):
        stored_name(prefix, ValidatedUpload("x.pdf", "pdf", "application/pdf", 1))


def test_upload_to_keeps_only_the_validated_extension_of_the_users_name():
    upload_to = UploadTo("helpdesk/attachments")
    assert re.fullmatch(
        r"helpdesk/attachments/\d{4}/\d{2}/[0-9a-f]{32}\.png", upload_to(None, "É.PNG")
    )
    with pytest.raises(ValueError, match="validate_upload"):
        upload_to(None, "script.php")
    assert upload_to.deconstruct() == ("core.uploads.UploadTo", ("helpdesk/attachments",), {})


class DocumentForm(forms.Form):
    document = UploadField(label="Document")


def test_upload_field_attaches_the_validated_result_for_other_apps():
    form = DocumentForm(files={"document": SimpleUploadedFile("Ordre du jour.docx", docx_bytes())})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["document"].validated.extension == "docx"
    assert 'accept=".pdf,.docx,' in str(form["document"])


@pytest.mark.parametrize(
    ("content", "message"),
    [(ELF, "est un programme exécutable"), (b"", "est vide. Vérifiez")],
    ids=["executable", "empty"],
)
def test_upload_field_shows_the_validators_french_message(content, message):
    form = DocumentForm(files={"document": SimpleUploadedFile("rapport.pdf", content)})
    assert not form.is_valid()
    assert message in form.errors["document"][0]


@given(st.text() | st.text().map(lambda name: name + ".pdf"))
def test_any_accepted_name_is_clean_and_stored_under_a_strict_name(name):
    try:
        upload = validate_upload(File(io.BytesIO(PDF), name=name))
    except ValidationError:
        return
    assert not re.search(r"[/\\\x00-\x1f\x7f-\x9f]", upload.original_name)
    assert STORED.fullmatch(stored_name("meetings/documents", upload))


def test_the_files_of_one_form_are_limited_together(login, cast, make_ticket, settings, media):
    """Three files each under the per-file limit but over the per-request one: refused on the
    form, with the typed message kept; nothing is stored."""
    from helpdesk.models import Attachment, Message

    settings.UPLOAD_MAX_BYTES = 20 * 1024
    settings.UPLOAD_MAX_REQUEST_BYTES = 30 * 1024
    ticket = make_ticket()
    files = [SimpleUploadedFile(f"capture-{n}.pdf", PDF.ljust(15 * 1024, b" ")) for n in range(3)]
    response = login(cast.dsi_health).post(
        f"/helpdesk/{ticket.reference}/reply/",
        {"body": "Voici les trois captures.", "attachments": files},
    )
    page = response.content.decode()
    assert "Ces fichiers font 45 Ko ensemble ; un envoi en accepte 30 Ko au plus." in page
    assert "Voici les trois captures." in page
    assert not Message.objects.filter(ticket=ticket).exists()
    assert not Attachment.objects.exists()


def test_the_default_limit_of_one_form_is_30_mo(settings):
    from dsi_portal import settings as production

    assert production.UPLOAD_MAX_REQUEST_BYTES == 30 * 1024 * 1024
