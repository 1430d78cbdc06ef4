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


def _long_conversation(ticket, author, messages, chars):
    from helpdesk.models import Message

    Message.objects.bulk_create(
        Message(ticket=ticket, author=author, body=f"Message {n} : " + "journal " * (chars // 8))
        for n in range(messages)
    )


def test_the_pdf_of_a_very_long_conversation_keeps_its_latest_messages_within_the_budget(
    login, cast, make_ticket, settings
):
    ticket = make_ticket()
    ticket.description = "Description " * 1_600  # about 20,000 characters
    ticket.save(update_fields=["description"])
    _long_conversation(ticket, cast.agent, messages=30, chars=20_000)
    response = login(cast.dsi_health).get(f"/helpdesk/{ticket.reference}/export.pdf")
    text = pdf_text(response)
    kept = settings.TICKET_PDF_CONVERSATION_CHARS // len("Message 10 : " + "journal " * 2_500)
    assert kept >= 2
    assert "Message 29 :" in text
    assert f"Message {30 - kept} :" in text
    assert f"Message {29 - kept} :" not in text
    assert f"{30 - kept} messages plus anciens ne sont pas repris dans ce PDF" in " ".join(
        text.split()
    )
    # The bound on work: the text laid out, hence the pages, whatever the ticket's length.
    assert len(PdfReader(BytesIO(response.content)).pages) <= 40


def test_a_conversation_of_many_short_messages_is_bounded_by_their_number(
    login, cast, make_ticket, settings
):
    ticket = make_ticket()
    settings.TICKET_PDF_MESSAGES = 5
    _long_conversation(ticket, cast.agent, messages=8, chars=16)
    text = pdf_text(login(cast.dsi_health).get(f"/helpdesk/{ticket.reference}/export.pdf"))
    assert "Message 3 :" in text
    assert "Message 2 :" not in text


def test_a_document_larger_than_the_budget_is_refused_in_french_before_layout(
    login, cast, make_ticket, settings
):
    ticket = make_ticket()
    settings.PDF_MAX_HTML_CHARS = 500
    response = login(cast.dsi_health).get(f"/helpdesk/{ticket.reference}/export.pdf")
    assert response.status_code == 413
    assert "Document trop volumineux pour un PDF" in response.content.decode()


def test_one_pdf_at_a_time_per_user(login, cast, make_ticket):
    from django.core.cache import cache

    ticket = make_ticket()
    cache.add(f"pdf-slot:{cast.dsi_health.pk}", 1)  # a PDF of theirs still in preparation
    try:
        busy = login(cast.dsi_health).get(f"/helpdesk/{ticket.reference}/export.pdf")
        assert busy.status_code == 429
        assert "Un PDF est déjà en préparation pour vous" in busy.content.decode()
        # Someone else is not held up by it.
        assert login(cast.agent).get(f"/helpdesk/{ticket.reference}/export.pdf").status_code == 200
    finally:
        cache.delete(f"pdf-slot:{cast.dsi_health.pk}")
    # The slot is given back after each PDF.
    client = login(cast.dsi_health)
    assert client.get(f"/helpdesk/{ticket.reference}/export.pdf").status_code == 200
    assert client.get(f"/helpdesk/{ticket.reference}/export.pdf").status_code == 200
