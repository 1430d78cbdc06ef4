"""One implementation rate: the Secretary General's home card, the dashboard, the session's
report (PDF and XLSX) and the weekly digest give the same figure, written the same French way,
from the one selector (recommendations_implementation_figures)."""

from io import BytesIO

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from core import outbox
from dsi_portal.digest import weekly_digest_plan
from recommendations.models import Recommendation, Status
from recommendations.selectors import recommendations_implementation_figures
from tests.conftest import at


@pytest.fixture
def session_of_twelve(make_recommendation, january_session):
    """Twelve recommendations of the January session: 4 implemented, 1 abandoned, 7 under
    way. The rate counts 4 out of 11 (the abandoned one does not count): 36,36… % = 36,4 %."""
    statuses = [Status.IMPLEMENTED] * 4 + [Status.ABANDONED] + [Status.IN_PROGRESS] * 7
    made = [make_recommendation(f"Recommandation {n}", due_date=None) for n in range(12)]
    for recommendation, status in zip(made, statuses, strict=True):
        Recommendation.objects.filter(pk=recommendation.pk).update(
            status=status, updated_at=timezone.now()
        )
    return january_session


def test_the_selector_counts_implemented_out_of_all_but_the_abandoned(session_of_twelve):
    for figures in (
        recommendations_implementation_figures(),
        recommendations_implementation_figures(meeting=session_of_twelve),
    ):
        assert (figures["total"], figures["abandoned"], figures["counted"]) == (12, 1, 11)
        assert (figures["implemented"], figures["rate"]) == (4, 36.4)
    [session] = recommendations_implementation_figures(per="session")
    assert (session["meeting_id"], session["counted"], session["rate"]) == (
        session_of_twelve.pk,
        11,
        36.4,
    )


def test_home_card_dashboard_report_and_digest_show_the_same_rate_in_french(
    login, cast, session_of_twelve
):
    client = login(cast.secretary_general)

    home = client.get("/")
    [card] = next(p for p in home.context["panels"] if p.key == "progress").items
    assert card.label == "Taux de mise en œuvre : 36,4 %"

    dashboard = client.get("/recommendations/dashboard/").content.decode()
    assert 'data-testid="rate">36,4 %<' in dashboard

    pdf = client.get(f"/recommendations/report/{session_of_twelve.pk}.pdf")
    title_page = " ".join(PdfReader(BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Taux de mise en œuvre 36,4 %" in title_page

    xlsx = client.get(f"/recommendations/report/{session_of_twelve.pk}.xlsx")
    summary = dict(list(load_workbook(BytesIO(xlsx.content))["Synthèse"].values)[1:])
    assert summary["Taux de mise en œuvre (%)"] == 36.4

    mail.outbox.clear()
    with time_machine.travel(at(2026, 11, 23, 7), tick=False):
        weekly_digest_plan()
        outbox.notifications_dispatch()
    [digest] = mail.outbox
    assert digest.subject == (
        "Récapitulatif hebdomadaire : 36,4 % des recommandations mises en œuvre"
    )
    assert "36,4 % mises en œuvre (4 sur 11, hors abandonnées)." in digest.body
    assert "- 1ère rencontre 2022 entre le MTDPCE et les DSI : 36,4 % (4/11)" in digest.body
