"""Issue 16: a session's implementation report (PDF and XLSX) opens for the DSIs invited to it,
who need it before the follow-up meeting, and every page that links to it shows both formats
to those who may open it, and no link to anyone else."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from meetings.services import invitations_send, minutes_publish, minutes_save_draft
from recommendations.models import Status
from recommendations.services import update_reject, update_submit, update_validate


@pytest.fixture
def session(cast, make_recommendation, themes, january_session, media):
    """January: Health invited (through its DSI) and the agent invited in person; Education
    not invited but, the minutes being published, able to open the meeting's page. Health has
    one validated update, one rejected and one pending; Education one pending."""
    invitations_send(
        actor=cast.secretariat,
        meeting=january_session,
        structures=[cast.health],
        users=[cast.agent],
    )
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Relevé")
    minutes_publish(actor=cast.secretariat, meeting=january_session)
    mail = make_recommendation("Généraliser la messagerie professionnelle")
    validated = update_submit(
        actor=cast.dsi_health,
        recommendation=mail,
        status=Status.IN_PROGRESS,
        progress=40,
        comment="Migration des boîtes commencée",
    )
    update_validate(actor=cast.secretariat, update=validated)
    rejected = update_submit(
        actor=cast.dsi_health,
        recommendation=mail,
        status=Status.IN_PROGRESS,
        progress=90,
        comment="Brouillon refusé de la Santé",
    )
    update_reject(actor=cast.secretariat, update=rejected, reason="Pas de preuve")
    update_submit(
        actor=cast.dsi_health,
        recommendation=mail,
        status=Status.IN_PROGRESS,
        progress=60,
        comment="Rapport en attente de la Santé",
    )
    files = make_recommendation(
        "Mutualiser les serveurs de fichiers",
        lead=cast.education,
        theme=themes["Serveur de fichiers"],
    )
    update_submit(
        actor=cast.dsi_education,
        recommendation=files,
        status=Status.IN_PROGRESS,
        progress=10,
        comment="Rapport en attente de l'Éducation",
    )
    return january_session


def _report_urls(meeting):
    return (
        f"/recommendations/report/{meeting.pk}.pdf",
        f"/recommendations/report/{meeting.pk}.xlsx",
    )


def _pdf_text(response):
    pages = PdfReader(BytesIO(response.content)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def _xlsx_text(response):
    book = load_workbook(BytesIO(response.content))
    return " ".join(
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


@pytest.mark.parametrize("role", ["dsi_health", "agent", "secretariat", "secretary_general"])
def test_the_participants_of_the_session_open_its_report(login, cast, session, role):
    client = login(getattr(cast, role))
    pdf, xlsx = _report_urls(session)
    assert client.get(pdf).status_code == 200
    assert client.get(xlsx).status_code == 200


def test_a_dsi_not_invited_reads_the_minutes_but_not_the_report(login, cast, session):
    client = login(cast.dsi_education)
    page = client.get(f"/meetings/{session.pk}/")
    assert page.status_code == 200
    for url in _report_urls(session):
        assert client.get(url).status_code == 404
        assert url not in page.content.decode()


def test_the_meeting_page_links_the_xlsx_beside_the_pdf(login, cast, session):
    page = login(cast.dsi_health).get(f"/meetings/{session.pk}/").content.decode()
    pdf, xlsx = _report_urls(session)
    assert f'href="{pdf}"' in page
    assert f'href="{xlsx}"' in page


def test_the_follow_up_agenda_item_links_both_formats_to_its_participants_only(
    login, cast, session, april_session
):
    invitations_send(
        actor=cast.secretariat, meeting=april_session, structures=[cast.health, cast.education]
    )
    pdf, xlsx = _report_urls(session)
    health = login(cast.dsi_health).get(f"/meetings/{april_session.pk}/").content.decode()
    assert f'href="{pdf}"' in health and f'href="{xlsx}"' in health
    education = login(cast.dsi_education).get(f"/meetings/{april_session.pk}/").content.decode()
    assert pdf not in education and xlsx not in education


def test_a_follow_up_does_not_link_to_a_session_its_reader_cannot_open(
    login, cast, january_session, april_session
):
    """January's minutes are not published and Education was not invited to it: the April
    page names the session it follows up, without a link that would answer 404."""
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.education])
    client = login(cast.dsi_education)
    page = client.get(f"/meetings/{april_session.pk}/").content.decode()
    assert client.get(f"/meetings/{january_session.pk}/").status_code == 404
    assert f'href="/meetings/{january_session.pk}/"' not in page
    assert january_session.title in page
    secretariat = login(cast.secretariat).get(f"/meetings/{april_session.pk}/").content.decode()
    assert f'href="/meetings/{january_session.pk}/"' in secretariat


@pytest.mark.parametrize("role", ["dsi_health", "secretariat"])
def test_the_report_shows_validated_updates_only(login, cast, session, role):
    """What a DSI reads in the report is what ``can_read_update`` lets every reader see: the
    validated update, never one pending or rejected, whoever sent it."""
    client = login(getattr(cast, role))
    pdf, xlsx = _report_urls(session)
    for text in (_pdf_text(client.get(pdf)), _xlsx_text(client.get(xlsx))):
        assert "Migration des boîtes commencée" in text
        assert "Brouillon refusé" not in text
        assert "Pas de preuve" not in text
        assert "en attente" not in text
