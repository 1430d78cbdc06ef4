from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from pypdf import PdfReader

from recommendations.models import Status
from recommendations.services import update_submit, update_validate


@pytest.fixture
def reported(cast, make_recommendation, themes, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    done = make_recommendation("Généraliser la messagerie professionnelle")
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=done,
        status=Status.IMPLEMENTED,
        progress=100,
        comment="Toutes les boîtes migrées",
        evidence=[SimpleUploadedFile("PV-recette.pdf", b"%PDF-1.4\n%%EOF\n")],
    )
    update_validate(actor=cast.secretariat, update=update)
    make_recommendation(
        '=HYPERLINK("http://evil")', lead=cast.education, theme=themes["Serveur de fichiers"]
    )
    return done


def test_the_report_pdf_holds_the_summary_and_each_recommendation_by_theme(
    login, cast, reported, january_session
):
    response = login(cast.secretariat).get(f"/recommendations/report/{january_session.pk}.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "État de mise en œuvre des recommandations" in text
    assert "R-2022-01-01" in text and "R-2022-01-02" in text
    assert "Messagerie professionnelle" in text and "Serveur de fichiers" in text
    assert "Toutes les boîtes migrées" in text
    assert "PV-recette.pdf" in text
    assert "50,0 %" in text  # 1 implemented out of 2, in French number format


def test_the_report_xlsx_cells_match_the_data(login, cast, reported, january_session):
    response = login(cast.secretary_general).get(
        f"/recommendations/report/{january_session.pk}.xlsx"
    )
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    by_reference = {row[1]: row for row in rows[1:]}
    first = by_reference["R-2022-01-01"]
    assert first[0] == "Messagerie professionnelle"
    assert first[3] == "Ministère de la Santé"
    assert (first[6], first[7]) == ("Mise en œuvre", 100)
    assert first[9] == "Toutes les boîtes migrées"
    assert first[10] == "PV-recette.pdf"


def test_exports_neutralise_spreadsheet_formulas(login, cast, reported):
    client = login(cast.dsi_health)
    rows = list(
        load_workbook(BytesIO(client.get("/recommendations/export.xlsx").content)).active.iter_rows(
            values_only=True
        )
    )
    texts = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in texts
    csv = client.get("/recommendations/export.csv").content.decode("utf-8-sig")
    assert ";'=HYPERLINK" in csv.replace('"', "")
    assert "\n=HYPERLINK" not in csv and ";=HYPERLINK" not in csv


def test_the_export_follows_the_current_filters(login, cast, reported):
    client = login(cast.dsi_health)
    rows = list(
        load_workbook(
            BytesIO(client.get(f"/recommendations/export.xlsx?structure={cast.health.pk}").content)
        ).active.iter_rows(values_only=True)
    )
    assert [row[0] for row in rows[1:]] == ["R-2022-01-01"]
