import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Document
from meetings.services import invitations_send

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def invited(cast, april_session):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    return april_session


def upload(client, meeting, name, content, **extra):
    return client.post(
        f"/meetings/{meeting.pk}/documents/add/",
        {"file": SimpleUploadedFile(name, content), "title": "", **extra},
    )


def test_the_secretariat_uploads_a_presentation(login, cast, invited, media):
    response = upload(login(cast.secretariat), invited, "Présentation e-Conseil.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.title == "Présentation e-Conseil.pdf"
    assert document.content_type == "application/pdf"
    # The stored name never reuses the user's file name.
    assert "Présentation" not in document.file.name
    assert (media / document.file.name).read_bytes() == PDF


REFUSED = {
    "renamed-executable": ("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 64, "programme exécutable"),
    "double-extension": ("rapport.exe.pdf", PDF, "réservée aux programmes et aux scripts"),
    "oversized": ("rapport.pdf", PDF.ljust(2048, b" "), "dépasse la taille maximale de 1 Ko"),
    "empty": ("rapport.pdf", b"", "vide"),
    # Django's request parser already drops "../" and control characters; what it lets through
    # (a drive prefix, an endless name) is the shared validator's to refuse.
    "hostile-name": ("C:rapport.pdf", PDF, "Le nom du fichier contient un chemin de dossier"),
    "name-too-long": ("a" * 300 + ".pdf", PDF, "Le nom du fichier dépasse 200 caractères"),
}


@pytest.mark.parametrize(("name", "content", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_file_is_explained_in_french_and_nothing_is_stored(
    login, cast, invited, media, settings, name, content, message
):
    settings.UPLOAD_MAX_BYTES = 1024
    response = upload(login(cast.secretariat), invited, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_an_invitee_downloads_a_document_as_an_attachment(login, cast, invited, media):
    upload(login(cast.secretariat), invited, "Ordre du jour.pdf", PDF)
    document = Document.objects.get()
    response = login(cast.dsi_health).get(f"/meetings/{invited.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_someone_outside_the_meeting_gets_404_for_its_document(login, cast, invited, media):
    upload(login(cast.secretariat), invited, "Ordre du jour.pdf", PDF)
    document = Document.objects.get()
    url = f"/meetings/{invited.pk}/documents/{document.pk}/"
    assert login(cast.dsi_education).get(url).status_code == 404
    assert login(cast.agent).get(url).status_code == 404


def test_a_document_of_another_meeting_is_not_reachable_through_this_one(
    login, cast, invited, january_session, media
):
    upload(login(cast.secretariat), invited, "Ordre du jour.pdf", PDF)
    document = Document.objects.get()
    response = login(cast.secretariat).get(
        f"/meetings/{january_session.pk}/documents/{document.pk}/"
    )
    assert response.status_code == 404


def test_deleting_a_document_asks_first_then_removes_the_file(
    login, cast, invited, media, django_capture_on_commit_callbacks
):
    client = login(cast.secretariat)
    upload(client, invited, "Ordre du jour.pdf", PDF)
    document = Document.objects.get()
    url = f"/meetings/{invited.pk}/documents/{document.pk}/delete/"
    assert "Supprimer ce document ?" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert not Document.objects.exists()
    assert not (media / document.file.name).exists()
