from core.pdf import PdfUnavailableError, pdf_response, pdf_unavailable_response, render_pdf

from ..ticket_page import ticket_for_page


def ticket_pdf(request, reference):
    """The ticket and its conversation as a PDF. It goes through the same read as the page, so
    the requester's side never gets the internal notes, and other structures get 404."""
    ticket = ticket_for_page(request.user, reference)
    try:
        content = render_pdf("helpdesk/pdf/ticket.html", {"ticket": ticket}, request=request)
    except PdfUnavailableError:
        return pdf_unavailable_response(request)
    return pdf_response(content, filename=f"{ticket.reference}.pdf")
