from io import BytesIO

import pytest
from pypdf import PdfReader

from meetings.services import (
    agenda_item_create,
    attendance_record,
    invitations_send,
    minutes_publish,
    minutes_save_draft,
)


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def published(cast, april_session):
    agenda_item_create(actor=cast.secretariat, meeting=april_session, title="Situation des DSI")
    invitations_send(
        actor=cast.secretariat, meeting=april_session, structures=[cast.health, cast.education]
    )
    health = april_session.invitations.get(invitee=cast.dsi_health)
    education = april_session.invitations.get(invitee=cast.dsi_education)
    attendance_record(
        actor=cast.secretariat,
        meeting=april_session,
        attendance={health.pk: "present", education.pk: "excused"},
    )
    minutes_save_draft(
        actor=cast.secretariat,
        meeting=april_session,
        body="## Décisions\n\nGénéraliser la messagerie <script>alert(1)</script>",
    )
    minutes_publish(actor=cast.secretariat, meeting=april_session)
    return april_session


def test_the_pdf_holds_the_title_the_agenda_and_the_attendance_list(login, cast, published):
    text = pdf_text(login(cast.dsi_health).get(f"/meetings/{published.pk}/minutes.pdf"))
    assert "2ème rencontre 2022 entre le MTDPCE et les DSI" in text
    assert "Situation des DSI" in text
    assert "État de mise en œuvre des recommandations" in text
    assert "Aïcha Kaboré" in text and "Présent" in text
    assert "Boubacar Ilboudo" in text and "Excusé" in text
    assert "Ministère de la Santé" in text
    assert "Généraliser la messagerie" in text
    # Raw HTML in the minutes is shown as text, never interpreted.
    assert "<script>alert(1)</script>" in text


def test_draft_minutes_have_no_pdf_for_invitees(login, cast, april_session):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    minutes_save_draft(actor=cast.secretariat, meeting=april_session, body="Brouillon")
    assert (
        login(cast.dsi_health).get(f"/meetings/{april_session.pk}/minutes.pdf").status_code == 404
    )
    assert (
        login(cast.secretariat).get(f"/meetings/{april_session.pk}/minutes.pdf").status_code == 200
    )


def test_the_pdf_answers_404_outside_the_scope(login, cast, published):
    # Published minutes are readable by every DSI; the agent is not a DSI but sees them too.
    assert login(cast.agent).get(f"/meetings/{published.pk}/minutes.pdf").status_code == 200
    assert login(cast.dsi_health).get("/meetings/999999/minutes.pdf").status_code == 404
