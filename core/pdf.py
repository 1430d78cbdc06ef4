"""PDF rendering with WeasyPrint, from a Django template, in the portal's print layout.

WeasyPrint is imported when a PDF is asked for, so the rest of the portal runs on a machine
without Pango. Templates escape user text like any page; WeasyPrint is given no base URL, so a
document can never make it fetch a file or an address.

A PDF is rendered inside the request, so its cost is bounded before WeasyPrint starts: the HTML
handed to it may not exceed ``PDF_MAX_HTML_CHARS`` nor ``PDF_MAX_HTML_TAGS`` (``pdf_fits``;
the benchmark, ``make bench``, measures the largest document a user can save; the minutes form
refuses minutes whose PDF would not fit), and one user renders
one PDF at a time (``PDF_SLOT_SECONDS``), so the same link opened ten times in parallel does
not hold ten web processes. Views answer through ``pdf_document``, which says in French what
to do when a PDF cannot be made.

Every document gets the administrators' letterhead (``core.models.Letterhead``) as
``letterhead`` in its context, for ``partials/letterhead.html`` and ``signature.html``. The one
file WeasyPrint may read is the letterhead's logo, by its ``file://`` address
(``_OnlyTheLogo``): any other address in a document, a user's or the logo's own neighbour, is
refused.
"""

import logging
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

from core.models import LETTERHEAD_LOGO_MAX_BYTES, Letterhead

logger = logging.getLogger(__name__)

PRINT_CSS = "css/print.css"


class PdfUnavailableError(RuntimeError):
    """WeasyPrint or the system's Pango library is missing on this machine."""


class PdfTooLargeError(ValueError):
    """The document is larger than a request may lay out (``pdf_fits``)."""


def pdf_fits(html, share=1):
    """Can WeasyPrint lay out this HTML within the budget (``share`` of it, for a part of a
    document)? Layout time grows with the text (``PDF_MAX_HTML_CHARS``) and, faster, with the
    number of elements (``PDF_MAX_HTML_TAGS``: a table of a thousand rows is 6,000 tags and
    about two seconds on a 2-core server)."""
    return (
        len(html) <= settings.PDF_MAX_HTML_CHARS * share
        and html.count("<") <= settings.PDF_MAX_HTML_TAGS * share
    )


def _letterhead_fetcher(letterhead):
    """A WeasyPrint URL fetcher that answers the letterhead logo's address with the logo and
    refuses everything else (remote addresses, other files, data URIs)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    allowed = letterhead.logo_url
    limit = LETTERHEAD_LOGO_MAX_BYTES

    class OnlyTheLogo(URLFetcher):
        def fetch(self, url, headers=None):
            if not allowed or url != allowed:
                raise ValueError(f"PDF rendering does not fetch resources ({url[:100]})")
            with letterhead.logo.open("rb") as logo:
                content = logo.read(limit + 1)
            if len(content) > limit:
                raise ValueError("The letterhead logo is larger than allowed")
            return URLFetcherResponse(
                url, content, headers={"Content-Type": letterhead.logo_content_type}
            )

    return OnlyTheLogo(allowed_protocols=("file",))


def render_pdf(template, context, request=None):
    """Render ``template`` with ``context`` and return the PDF bytes."""
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        raise PdfUnavailableError(str(error)) from error

    letterhead = Letterhead.get_solo()
    context = {"letterhead": letterhead, **context}
    html = render_to_string(template, context, request=request)
    if not pdf_fits(html):
        raise PdfTooLargeError(f"{len(html)} characters, {html.count('<')} tags of HTML")
    stylesheets = []
    css_path = finders.find(PRINT_CSS)
    if css_path:
        stylesheets.append(weasyprint.CSS(filename=css_path))
    document = weasyprint.HTML(string=html, url_fetcher=_letterhead_fetcher(letterhead))
    return document.write_pdf(stylesheets=stylesheets)


def pdf_unavailable_response(request):
    return render(request, "pdf_unavailable.html", status=503)


def latest_within(items, *, size, budget, most):
    """The latest of ``items`` (oldest first), at most ``most`` of them, whose ``size`` adds up
    to at most ``budget``, in their order, and how many older ones were left out: what a PDF of
    a long conversation keeps."""
    kept = []
    total = 0
    for item in reversed(items):
        total += size(item)
        if total > budget or len(kept) == most:
            break
        kept.append(item)
    kept.reverse()
    return kept, len(items) - len(kept)


@contextmanager
def _slot(user):
    """One PDF at a time per user: True when this request may render. A cache that does not
    answer (Redis down) lets the PDF through, unguarded, rather than refusing every PDF."""
    key = f"pdf-slot:{user.pk}"
    token = uuid.uuid4().hex
    try:
        taken = cache.add(key, token, timeout=settings.PDF_SLOT_SECONDS)
    except Exception:  # any cache failure: render without the guard
        logger.warning("PDF slot not checked: the cache does not answer", exc_info=True)
        yield True
        return
    try:
        yield taken
    finally:
        if taken:
            try:
                # Only our own slot: one left after PDF_SLOT_SECONDS may be another request's.
                if cache.get(key) == token:
                    cache.delete(key)
            except Exception:  # the slot frees itself after PDF_SLOT_SECONDS
                logger.warning("PDF slot not released: the cache does not answer", exc_info=True)


def pdf_document(request, template, context, *, filename, inline=True):
    """The one way a view answers with a PDF: the document, or a French page saying why not
    and what to do instead."""
    with _slot(request.user) as taken:
        if not taken:
            response = render(request, "pdf_busy.html", status=429)
            response["Retry-After"] = "5"
            return response
        try:
            content = render_pdf(template, context, request=request)
        except PdfUnavailableError:
            return pdf_unavailable_response(request)
        except PdfTooLargeError:
            return render(request, "pdf_too_large.html", status=413)
    return pdf_response(content, filename=filename, inline=inline)


def pdf_response(content, *, filename, inline=True):
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
