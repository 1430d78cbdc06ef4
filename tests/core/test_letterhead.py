"""The letterhead of the official documents (core.models.Letterhead): set once by the
administrators, printed at the top of the minutes, the implementation report and the ticket
export, with the signature where one belongs; its logo goes through the one upload validator."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

import core.pdf
from core.models import Letterhead
from meetings.services import invitations_send, minutes_save_draft

MINISTRY = "Ministère de la Transition digitale, des Postes et des Communications électroniques"
MOTTO = "La Patrie ou la Mort, nous Vaincrons"
SIGNATORY = "Le Secrétaire permanent du programme"


@pytest.fixture
def pdf_html(monkeypatch):
    """The HTML each PDF of the test was laid out from, in order (WeasyPrint still runs)."""
    rendered = []
    real = core.pdf.render_to_string

    def keep(*args, **kwargs):
        html = real(*args, **kwargs)
        rendered.append(html)
        return html

    monkeypatch.setattr(core.pdf, "render_to_string", keep)
    return rendered


def png_bytes():
    out = BytesIO()
    Image.new("RGB", (40, 20), (11, 107, 58)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def documents(login, cast, april_session, make_recommendation, january_session, make_ticket):
    """The three official PDFs, as (name, response, signed)."""

    def fetch():
        invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
        minutes_save_draft(actor=cast.secretariat, meeting=april_session, body="Relevé")
        make_recommendation("Généraliser la messagerie professionnelle")
        ticket = make_ticket()
        client = login(cast.secretariat)
        minutes = client.get(f"/meetings/{april_session.pk}/minutes.pdf")
        report = client.get(f"/recommendations/report/{january_session.pk}.pdf")
        export = login(cast.dsi_health).get(f"/helpdesk/{ticket.reference}/export.pdf")
        return [("minutes", minutes, True), ("report", report, True), ("ticket", export, False)]

    return fetch


def test_the_defaults_serve_before_anyone_edits_the_letterhead(db):
    letterhead = Letterhead.get_solo()
    assert letterhead.country == "Burkina Faso"
    assert letterhead.ministry == MINISTRY
    assert letterhead.motto == MOTTO
    assert letterhead.signatory_title == SIGNATORY
    assert not letterhead.logo_url


def test_every_official_pdf_carries_the_letterhead_and_the_signed_ones_the_signature(
    pdf_html, documents
):
    answers = documents()
    assert len(pdf_html) == 3
    for (name, response, signed), html in zip(answers, pdf_html, strict=True):
        assert response.status_code == 200, name
        assert 'class="letterhead"' in html, name
        for line in ("Burkina Faso", MINISTRY, MOTTO):
            assert line in html, (name, line)
        assert ('class="signature"' in html) is signed, name
        assert (SIGNATORY in html) is signed, name
        text = " ".join(
            " ".join(page.extract_text().split())
            for page in PdfReader(BytesIO(response.content)).pages
        )
        # The country and the ministry are printed in capitals, as on the state's letterheads.
        assert "BURKINA FASO" in text and MOTTO in text, name


def test_what_the_administrators_set_is_printed_and_a_hostile_ministry_is_escaped(
    pdf_html, documents, db
):
    Letterhead.objects.create(
        ministry='<script>alert("x")</script> Ministère <b>du Numérique</b>',
        motto="Unité – Progrès – Justice",
        signatory_title="Le Directeur de cabinet",
        signatory_name="Issa Ouédraogo",
    )
    documents()
    for html in pdf_html:
        assert "<script>alert" not in html and "<b>du Numérique</b>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        assert "Unité – Progrès – Justice" in html
        assert MOTTO not in html
    assert "Issa Ouédraogo" in pdf_html[0] and "Le Directeur de cabinet" in pdf_html[1]


def test_the_admin_opens_the_one_letterhead_and_refuses_a_logo_that_is_not_an_image(
    login, cast, media
):
    client = login(cast.admin)
    listing = client.get("/admin/core/letterhead/")
    assert listing.status_code == 302 and listing["Location"].endswith("/core/letterhead/1/change/")
    fields = {
        "country": "Burkina Faso",
        "ministry": MINISTRY,
        "motto": MOTTO,
        "signatory_title": SIGNATORY,
        "signatory_name": "",
    }
    for name, content in (
        ("logo.png", b"%PDF-1.4 not a picture"),
        ("logo.pdf", b"%PDF-1.4 a document"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    ):
        answer = client.post(
            "/admin/core/letterhead/1/change/",
            {**fields, "logo": SimpleUploadedFile(name, content)},
        )
        assert answer.status_code == 200, name  # the form again, with the refusal
        assert answer.context["adminform"].form.errors["logo"], name
    assert not Letterhead.get_solo().logo


def test_an_image_logo_is_stored_and_drawn_in_the_pdf_from_its_file_alone(
    login, cast, media, pdf_html, documents
):
    client = login(cast.admin)
    client.get("/admin/core/letterhead/")
    answer = client.post(
        "/admin/core/letterhead/1/change/",
        {
            "country": "Burkina Faso",
            "ministry": MINISTRY,
            "motto": MOTTO,
            "signatory_title": SIGNATORY,
            "signatory_name": "Awa Zongo",
            "logo": SimpleUploadedFile("armoiries.png", png_bytes()),
        },
    )
    assert answer.status_code == 302
    letterhead = Letterhead.get_solo()
    assert letterhead.logo.name.startswith("letterhead/")
    assert letterhead.logo_content_type == "image/png"
    assert letterhead.logo_url.startswith("file:///")

    (_name, minutes, _signed), *_ = documents()
    assert f'src="{letterhead.logo_url}"' in pdf_html[0]
    first_page = PdfReader(BytesIO(minutes.content)).pages[0]
    assert len(first_page.images) == 1


def test_the_pdf_fetches_nothing_but_the_logo(db, media):
    fetcher = core.pdf._letterhead_fetcher(Letterhead.get_solo())
    for url in ("https://example.org/x.png", "file:///etc/passwd", "data:image/png;base64,AA=="):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
