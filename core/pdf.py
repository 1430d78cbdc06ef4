"""PDF rendering with WeasyPrint, from a Django template, in the portal's print layout.

WeasyPrint is imported when a PDF is asked for, so the rest of the portal runs on a machine
without Pango. Templates escape user text like any page; WeasyPrint is given no base URL, so a
document can never make it fetch a file or an address.
"""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

PRINT_CSS = "css/print.css"


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or the system's Pango library is missing on this machine."""


def _refuse_fetch(url, *args, **kwargs):
    raise ValueError(f"PDF rendering does not fetch resources ({url})")


def render_pdf(template, context, request=None):
    """Render ``template`` with ``context`` and return the PDF bytes."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailableError(str(error)) from error

    html = render_to_string(template, context, request=request)
    stylesheets = []
    css_path = finders.find(PRINT_CSS)
    if css_path:
        stylesheets.append(weasyprint.CSS(filename=css_path))
    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch)
    return document.write_pdf(stylesheets=stylesheets)


def pdf_unavailable_response(request):
    from django.shortcuts import render

    return render(request, "pdf_unavailable.html", status=503)


def pdf_response(content, *, filename, inline=True):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
