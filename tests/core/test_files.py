"""core.files: one way to store an upload for each owner (a ticket, a recommendation update, a
meeting), the shared validator in front of it, and no file left behind a row that is gone."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from helpdesk.models import Attachment
from helpdesk.services import message_add, ticket_create
from meetings.models import Document
from meetings.services import document_delete, document_upload
from recommendations.models import Evidence, Status, StatusUpdate
from recommendations.services import update_submit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00" + b"\x00" * 64


class RollbackError(Exception):
    """What makes the caller's transaction fail after the service stored its files."""


def pdf(name="piece.pdf"):
    return SimpleUploadedFile(name, PDF)


def files_in(root):
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def file_ticket(cast, mail_category, normal, calendar):
    def _file(attachments):
        return ticket_create(
            actor=cast.dsi_health,
            title="Messagerie inaccessible",
            description="Depuis ce matin.",
            category=mail_category,
            priority=normal,
            attachments=attachments,
        )

    return _file


@pytest.fixture
def submit_update(cast, make_recommendation):
    recommendation = make_recommendation()

    def _submit(evidence):
        return update_submit(
            actor=cast.dsi_health,
            recommendation=recommendation,
            status=Status.IMPLEMENTED,
            progress=100,
            comment="Fait",
            evidence=evidence,
        )

    return _submit


@pytest.fixture
def upload_document(cast, april_session):
    def _upload(files):
        (uploaded,) = files
        return document_upload(
            actor=cast.secretariat, meeting=april_session, uploaded_file=uploaded
        )

    return _upload


OWNERS = {
    "ticket": ("file_ticket", Attachment),
    "update": ("submit_update", Evidence),
    "meeting": ("upload_document", Document),
}


@pytest.fixture(params=OWNERS)
def owner(request):
    name, model = OWNERS[request.param]
    return request.getfixturevalue(name), model


def test_each_owner_stores_its_file_through_the_shared_service(owner, media):
    store, model = owner
    store([pdf("Procès-verbal.pdf")])
    row = model.objects.get()
    assert (row.original_name, row.content_type, row.size) == (
        "Procès-verbal.pdf",
        "application/pdf",
        len(PDF),
    )
    assert (media / row.file.name).read_bytes() == PDF


def test_a_failed_transaction_leaves_no_file_on_disk(owner, media):
    store, model = owner
    with pytest.raises(RollbackError), transaction.atomic():
        store([pdf()])
        assert len(files_in(media)) == 1
        raise RollbackError
    assert not model.objects.exists()
    assert files_in(media) == []


def test_the_validator_refuses_a_bad_file_and_nothing_is_kept(owner, media):
    store, model = owner
    with pytest.raises(ValidationError) as refused:
        store([SimpleUploadedFile("rapport.pdf", EXECUTABLE)])
    assert refused.value.code == "executable"
    assert not model.objects.exists()
    assert files_in(media) == []


def test_a_bad_second_file_removes_the_first(file_ticket, submit_update, media):
    for store in (file_ticket, submit_update):
        with pytest.raises(ValidationError):
            store([pdf(), SimpleUploadedFile("outil.pdf.exe", PDF)])
    assert not Attachment.objects.exists() and not StatusUpdate.objects.exists()
    assert files_in(media) == []


def test_a_committed_upload_keeps_its_file(owner, media, django_capture_on_commit_callbacks):
    store, _model = owner
    with django_capture_on_commit_callbacks(execute=True):
        store([pdf()])
    assert len(files_in(media)) == 1


def test_deleting_a_row_removes_its_file(owner, media, django_capture_on_commit_callbacks):
    store, model = owner
    store([pdf()])
    with django_capture_on_commit_callbacks(execute=True):
        model.objects.get().delete()
    assert files_in(media) == []


def test_deleting_the_owner_removes_its_files(
    file_ticket, media, django_capture_on_commit_callbacks
):
    ticket = file_ticket([pdf()])
    message_add(
        actor=ticket.requester, ticket=ticket, body="Voici la capture.", attachments=[pdf()]
    )
    assert len(files_in(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        ticket.delete()
    assert files_in(media) == []


def test_a_rolled_back_deletion_keeps_the_file(cast, upload_document, media):
    document = upload_document([pdf()])
    pk, name = document.pk, document.file.name
    with pytest.raises(RollbackError), transaction.atomic():
        document_delete(actor=cast.secretariat, document=document)
        raise RollbackError
    assert Document.objects.filter(pk=pk).exists()
    assert (media / name).exists()
