from django.conf import settings

from core.pdf import latest_within, pdf_document

from ..ticket_page import ticket_for_page


def ticket_pdf(request, reference):
    """The ticket and its conversation as a PDF. It goes through the same read as the page, so
    the requester's side never gets the internal notes, and other structures get 404. A
    conversation longer than a PDF may carry keeps its latest messages and says how many older
    ones are on the page only."""
    ticket = ticket_for_page(request.user, reference)
    messages, omitted = latest_within(
        ticket.conversation,
        size=lambda message: len(message.body),
        budget=settings.TICKET_PDF_CONVERSATION_CHARS,
        most=settings.TICKET_PDF_MESSAGES,
    )
    context = {"ticket": ticket, "messages": messages, "omitted": omitted}
    return pdf_document(
        request, "helpdesk/pdf/ticket.html", context, filename=f"{ticket.reference}.pdf"
    )
