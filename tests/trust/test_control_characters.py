"""Control characters typed into text fields (issue 8, item 3), read back by the exports.

Forms refuse NUL but accept the other control characters (escape, vertical tab, form feed...),
which a copy-paste from a terminal or an old document brings along. The spreadsheets, CSVs and
PDFs that carry the text must still be produced.
"""

from io import BytesIO

import pytest
import time_machine
from openpyxl import load_workbook
from pypdf import PdfReader

from meetings.models import Situation
from recommendations.models import Recommendation, Theme
from tests.conftest import at

CONTROLS = "Début\x01\x08\x0b\x0c\x1b[31m\x1f\x7f fin"


@pytest.fixture
def typed(client, cast, world):
    """A recommendation, a ticket, a DSI's situation and minutes, with control characters."""
    client.force_login(cast.secretariat)
    client.post(
        "/recommendations/new/",
        {
            "meeting": world.january.pk,
            "text": CONTROLS,
            "theme": Theme.objects.get(name="Serveur de fichiers").pk,
            "lead_structure": cast.health.pk,
            "priority": "high",
            "status": "blocked",
            "status_reason": CONTROLS,
            "progress": 10,
        },
    )
    client.post(f"/meetings/{world.health.meeting.pk}/minutes/edit/", {"body": CONTROLS})
    client.force_login(cast.dsi_health)
    # The situation is reported three weeks before the Health workshop, while it asks.
    with time_machine.travel(at(2022, 4, 1), tick=False):
        client.post(
            f"/meetings/{world.health.meeting.pk}/situation/",
            {
                "staff_engineers": 1,
                "staff_technicians": 1,
                "staff_other": 0,
                "email": "partial",
                "file_server": "partial",
                "e_conseil": "partial",
                "missions": "partial",
                "difficulties": CONTROLS,
                "proposals": CONTROLS,
            },
        )
    client.post(f"/helpdesk/{world.health.ticket.reference}/reply/", {"body": CONTROLS})
    assert Recommendation.objects.filter(text=CONTROLS).exists()
    assert Situation.objects.filter(difficulties=CONTROLS).exists()
    return world


def test_the_spreadsheets_are_produced_and_keep_the_readable_text(client, cast, typed):
    client.force_login(cast.secretariat)
    for address in [
        "/recommendations/export.xlsx",
        f"/recommendations/report/{typed.january.pk}.xlsx",
        f"/meetings/{typed.health.meeting.pk}/situations.xlsx",
    ]:
        response = client.get(address)
        assert response.status_code == 200, address
        cells = [
            str(cell.value)
            for sheet in load_workbook(BytesIO(response.content)).worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        assert any(v.startswith("Début") and v.endswith("fin") for v in cells), address


def test_the_csv_is_produced(client, cast, typed):
    client.force_login(cast.dsi_health)
    response = client.get("/recommendations/export.csv")
    assert response.status_code == 200
    assert "Début" in response.content.decode("utf-8-sig")


def test_the_pdfs_are_produced(client, cast, typed):
    client.force_login(cast.secretariat)
    addresses = [
        f"/recommendations/report/{typed.january.pk}.pdf",
        f"/meetings/{typed.health.meeting.pk}/minutes.pdf",
    ]
    client.force_login(cast.secretariat)
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
        # Some fonts come out of pypdf with NUL between the letters.
        assert "Début" in text.replace("\x00", ""), address
    client.force_login(cast.dsi_health)
    response = client.get(f"/helpdesk/{typed.health.ticket.reference}/export.pdf")
    assert response.status_code == 200
