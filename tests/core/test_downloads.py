"""Protected downloads: always saved as an attachment, never sniffed, never kept by a proxy."""

import io
import re

import pytest
from django.core.files.storage import FileSystemStorage
from hypothesis import given
from hypothesis import strategies as st

from core.downloads import display_name, protected_file_response
from core.uploads import MAX_NAME_LENGTH

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def stored_pdf(tmp_path):
    path = tmp_path / "3f2a9c.pdf"
    path.write_bytes(PDF)
    return path


def body(response):
    try:
        return b"".join(response.streaming_content)
    finally:
        # Close the file only: response.close() sends request_finished, which touches the
        # database connection, and these tests have none.
        response.file_to_stream.close()


def test_a_download_is_an_attachment_that_is_neither_sniffed_nor_cached_publicly(stored_pdf):
    response = protected_file_response(
        stored_pdf, download_name="rapport.pdf", content_type="application/pdf"
    )
    assert response["Content-Disposition"] == 'attachment; filename="rapport.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private"
    assert response["Content-Length"] == str(len(PDF))
    assert body(response) == PDF


def test_a_non_ascii_name_is_sent_as_rfc_6266_filename_star(stored_pdf):
    response = protected_file_response(
        stored_pdf, download_name="Compte rendu été.pdf", content_type="application/pdf"
    )
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Compte%20rendu%20%C3%A9t%C3%A9.pdf"
    )
    assert body(response) == PDF


def test_a_file_opened_from_the_storage_is_served(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("meetings/documents/2022/04/0a1b2c.pdf", io.BytesIO(PDF))
    response = protected_file_response(
        storage.open(name), download_name="Ordre du jour.pdf", content_type="application/pdf"
    )
    assert response["Content-Disposition"] == 'attachment; filename="Ordre du jour.pdf"'
    assert body(response) == PDF


def test_a_hostile_download_name_is_cleaned_instead_of_breaking_the_header(stored_pdf):
    response = protected_file_response(
        stored_pdf, download_name='../../x\r\nSet-Cookie: a=b".pdf', content_type="application/pdf"
    )
    assert response["Content-Disposition"] == ('attachment; filename="_.._xSet-Cookie: a=b\\".pdf"')
    body(response)


def test_text_is_declared_as_utf8(stored_pdf):
    response = protected_file_response(
        stored_pdf, download_name="export.csv", content_type="text/csv"
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body(response)


def test_something_that_is_not_a_file_is_refused():
    with pytest.raises(TypeError):
        protected_file_response(b"%PDF", download_name="x.pdf", content_type="application/pdf")


@given(st.text(max_size=400))
def test_any_display_name_is_printable_and_path_free(raw):
    name = display_name(raw)
    assert name
    assert len(name) <= MAX_NAME_LENGTH
    assert not re.search(r"[/\\\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e]", name)
