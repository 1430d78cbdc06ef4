"""The implementation report of a session (PDF and XLSX) and the list's exports."""

import csv
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from recommendations.models import Status, StatusUpdate
from recommendations.services import update_submit, update_validate

from .helpers import pdf_file

INJECTIONS = [
    '=HYPERLINK("http://evil")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


@pytest.fixture
def reported(cast, make_recommendation, themes, media):
    done = make_recommendation(
        "Généraliser la messagerie professionnelle", focal_person=cast.dsi_health
    )
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=done,
        status=Status.IMPLEMENTED,
        progress=100,
        comment="Toutes les boîtes migrées",
        evidence=[pdf_file("PV-recette.pdf")],
    )
    update_validate(actor=cast.secretariat, update=update)
    make_recommendation(INJECTIONS[0], lead=cast.education, theme=themes["Serveur de fichiers"])
    return done


def pdf_pages(response):
    """Each page's text, on one line: table cells wrap wherever the layout breaks them."""
    pages = PdfReader(BytesIO(response.content)).pages
    return [" ".join(page.extract_text().split()) for page in pages]


def workbook(response):
    return load_workbook(BytesIO(response.content))


def test_the_report_pdf_holds_the_summary_and_each_recommendation_by_theme(
    login, cast, reported, january_session
):
    response = login(cast.secretariat).get(f"/recommendations/report/{january_session.pk}.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(pdf_pages(response))
    assert "État de mise en œuvre des recommandations" in text
    assert "R-2022-01-01" in text and "R-2022-01-02" in text
    assert "Messagerie professionnelle" in text and "Serveur de fichiers" in text
    assert "Toutes les boîtes migrées" in text
    assert "PV-recette.pdf" in text
    assert "50,0 %" in text  # 1 implemented out of 2, in French number format


def test_the_report_pdf_opens_on_a_title_page_with_the_session_date_and_summary(
    login, cast, reported, january_session
):
    response = login(cast.secretariat).get(f"/recommendations/report/{january_session.pk}.pdf")
    title_page, *rest = pdf_pages(response)

    assert "État de mise en œuvre des recommandations" in title_page
    assert "1ère rencontre 2022 entre le MTDPCE et les DSI" in title_page
    assert "20 janvier 2022" in title_page
    assert "Synthèse" in title_page and "50,0 %" in title_page
    # The recommendations start on the next page.
    assert "R-2022-01-01" not in title_page
    assert "R-2022-01-01" in rest[0]


def test_the_report_pdf_names_the_focal_person(login, cast, reported, january_session):
    response = login(cast.secretariat).get(f"/recommendations/report/{january_session.pk}.pdf")
    assert "Point focal : Aïcha Kaboré" in "\n".join(pdf_pages(response))


def test_the_report_xlsx_cells_match_the_data(login, cast, reported, january_session):
    response = login(cast.secretary_general).get(
        f"/recommendations/report/{january_session.pk}.xlsx"
    )
    rows = list(workbook(response).worksheets[0].iter_rows(values_only=True))
    assert rows[0][3:5] == ("Structure pilote", "Point focal")
    by_reference = {row[1]: row for row in rows[1:]}
    first = by_reference["R-2022-01-01"]
    assert first[0] == "Messagerie professionnelle"
    assert (first[3], first[4]) == ("Ministère de la Santé", "Aïcha Kaboré")
    assert (first[7], first[8]) == ("Mise en œuvre", 100)
    assert first[10] == "Toutes les boîtes migrées"
    assert first[11] == "PV-recette.pdf"
    assert by_reference["R-2022-01-02"][4] is None  # no focal person


def test_the_report_xlsx_has_a_summary_sheet(login, cast, reported, january_session):
    response = login(cast.secretariat).get(f"/recommendations/report/{january_session.pk}.xlsx")
    book = workbook(response)
    assert book.sheetnames == ["Mise en œuvre", "Synthèse"]
    summary = dict(list(book["Synthèse"].iter_rows(values_only=True))[1:])
    assert summary["Session"] == "1ère rencontre 2022 entre le MTDPCE et les DSI"
    assert summary["Date"].date() == january_session.starts_at.date()
    assert (summary["Recommandations"], summary["Taux de mise en œuvre (%)"]) == (2, 50.0)
    # R-2022-01-02 was due on 30 June 2022 and is not started: late.
    assert (summary["Mise en œuvre"], summary["Non démarrée"], summary["En retard"]) == (1, 1, 1)


def test_the_last_validated_update_is_the_last_the_secretariat_validated(
    login, cast, make_recommendation, january_session, media
):
    recommendation = make_recommendation()
    written_first = update_submit(
        actor=cast.secretariat,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=70,
        comment="Écrite la première, validée la dernière",
    )
    written_last = update_submit(
        actor=cast.secretariat,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=40,
        comment="Écrite la dernière, validée la première",
    )
    now = timezone.now()
    StatusUpdate.objects.filter(pk=written_first.pk).update(
        created_at=now - timedelta(days=10), reviewed_at=now - timedelta(days=1)
    )
    StatusUpdate.objects.filter(pk=written_last.pk).update(
        created_at=now - timedelta(days=5), reviewed_at=now - timedelta(days=4)
    )

    response = login(cast.secretariat).get(f"/recommendations/report/{january_session.pk}.xlsx")

    row = list(workbook(response).worksheets[0].iter_rows(values_only=True))[1]
    assert row[10] == "Écrite la première, validée la dernière"


@pytest.mark.parametrize("text", INJECTIONS)
def test_exports_never_turn_text_into_a_formula(
    login, cast, make_recommendation, january_session, text
):
    make_recommendation(text)
    client = login(cast.dsi_health)

    for response in (
        client.get("/recommendations/export.xlsx"),
        login(cast.secretariat).get(f"/recommendations/report/{january_session.pk}.xlsx"),
    ):
        sheet = workbook(response).worksheets[0]
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        cell = next(c for c in cells if c.value == text)  # the text, unchanged
        assert cell.data_type == "s"

    content = client.get("/recommendations/export.csv").content.decode("utf-8-sig")
    texts = [row[1] for row in csv.reader(StringIO(content), delimiter=";")][1:]
    assert texts == [f"'{text}"]


def test_the_export_follows_the_current_filters(login, cast, reported):
    client = login(cast.dsi_health)
    rows = list(
        load_workbook(
            BytesIO(client.get(f"/recommendations/export.xlsx?structure={cast.health.pk}").content)
        ).active.iter_rows(values_only=True)
    )
    assert [row[0] for row in rows[1:]] == ["R-2022-01-01"]
