from io import BytesIO

from pypdf import PdfReader

from helpdesk.services import message_add


def pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)


def test_the_requesters_export_never_holds_an_internal_note(login, cast, make_ticket):
    ticket = make_ticket()
    message_add(
        actor=cast.agent, ticket=ticket, body="Note confidentielle : quota saturé", is_internal=True
    )
    message_add(actor=cast.agent, ticket=ticket, body="Votre boîte est débloquée.")
    requester = pdf_text(login(cast.dsi_health).get(f"/helpdesk/{ticket.reference}/export.pdf"))
    assert ticket.reference in requester
    assert "Votre boîte est débloquée." in requester
    assert "Note confidentielle" not in requester
    agent = pdf_text(login(cast.agent).get(f"/helpdesk/{ticket.reference}/export.pdf"))
    assert "Note confidentielle : quota saturé" in agent


def test_another_structures_export_answers_404(login, cast, make_ticket):
    ticket = make_ticket()
    for outsider in (cast.dsi_education, cast.secretariat, cast.secretary_general):
        assert login(outsider).get(f"/helpdesk/{ticket.reference}/export.pdf").status_code == 404
