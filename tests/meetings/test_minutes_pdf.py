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


def test_the_pdf_of_a_meeting_outside_the_scope_answers_404(login, cast, april_session):
    # Only the education ministry is invited, and the minutes are still a draft.
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.education])
    minutes_save_draft(actor=cast.secretariat, meeting=april_session, body="Projet de relevé")
    url = f"/meetings/{april_session.pk}/minutes.pdf"
    for outsider in (cast.dsi_health, cast.agent):
        assert login(outsider).get(url).status_code == 404, outsider
    # Invited, but the draft is not theirs to read either.
    assert login(cast.dsi_education).get(url).status_code == 404
    assert "Projet de relevé" in pdf_text(login(cast.secretariat).get(url))


def test_published_minutes_are_readable_as_pdf_by_every_signed_in_user(login, cast, published):
    assert login(cast.agent).get(f"/meetings/{published.pk}/minutes.pdf").status_code == 200


def test_the_attendance_list_is_in_the_pdf_only_for_those_who_see_it_on_the_page(
    login, cast, published
):
    """The agent was not invited: the published minutes are theirs to read, but who came is
    shown to participants only, on the meeting's page and in its PDF alike."""
    url = f"/meetings/{published.pk}/minutes.pdf"
    outsider = pdf_text(login(cast.agent).get(url))
    assert "Généraliser la messagerie" in outsider
    assert "Liste de présence" not in outsider
    assert "Boubacar Ilboudo" not in outsider
    page = login(cast.agent).get(f"/meetings/{published.pk}/").content.decode()
    assert "Boubacar Ilboudo" not in page
    for participant in (cast.dsi_health, cast.secretariat, cast.secretary_general):
        assert "Boubacar Ilboudo" in pdf_text(login(participant).get(url)), participant


def test_the_longest_minutes_a_secretariat_can_save_fit_the_pdf_budget(login, cast, published):
    """The bound on work (core.pdf): the longest minutes the form accepts are laid out, within
    PDF_MAX_HTML_CHARS, in a bounded number of pages."""
    from core.text import MINUTES_MAX_CHARS
    from meetings.forms import MinutesForm

    # Tables are the Markdown that grows most once in HTML: the longest minutes the form
    # accepts are all table, as many rows as it takes.
    client = login(cast.secretariat)
    url = f"/meetings/{published.pk}/minutes/edit/"

    def table(rows):
        return "| Structure | Avancement |\n| --- | --- |\n" + "| MS | 40 % |\n" * rows

    refused = client.post(url, {"body": table(4000)[:MINUTES_MAX_CHARS]})
    assert "Ce compte rendu est trop long pour être imprimé en PDF" in refused.content.decode()
    low, high = 1, 4000  # the most rows the form accepts
    while low < high:
        middle = (low + high + 1) // 2
        if MinutesForm({"body": table(middle)}).is_valid():
            low = middle
        else:
            high = middle - 1
    # The minutes are published: the longest text is saved as a correction, with its reason.
    saved = client.post(url, {"body": table(low), "correction_reason": "Tableau complet"})
    assert saved.status_code == 302
    response = client.get(f"/meetings/{published.pk}/minutes.pdf")
    assert response.status_code == 200
    assert len(PdfReader(BytesIO(response.content)).pages) <= 150
