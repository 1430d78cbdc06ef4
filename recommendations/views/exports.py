from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import formatted
from core.pdf import pdf_document
from core.scoping import get_visible_or_404
from core.spreadsheets import Sheet, build_workbook, csv_response, workbook_response
from meetings.models import Meeting

from ..charts import status_chart
from ..exports import (
    list_headers,
    list_rows,
    report_headers,
    report_rows,
    report_summary_headers,
    report_summary_rows,
)
from ..filters import RecommendationFilter
from ..permissions import can_read_report
from ..selectors import implementation_report, recommendations_for_list


def _filtered(request):
    filterset = RecommendationFilter(
        request.GET or None,
        queryset=recommendations_for_list(viewer=request.user),
        request=request,
    )
    return filterset.qs


def _stamp():
    return timezone.localtime().strftime("%Y%m%d")


def export_xlsx(request):
    """The current filtered list, as a spreadsheet."""
    content = build_workbook(
        title=_("Recommandations"), headers=list_headers(), rows=list_rows(_filtered(request))
    )
    return workbook_response(content, filename=f"recommandations-{_stamp()}.xlsx")


def export_csv(request):
    return csv_response(
        headers=list_headers(),
        rows=list_rows(_filtered(request)),
        filename=f"recommandations-{_stamp()}.csv",
    )


def _report(request, meeting_id):
    meeting = get_visible_or_404(Meeting.objects.with_rank(), request.user, pk=meeting_id)
    if not can_read_report(request.user, meeting):
        raise Http404
    return implementation_report(meeting)


def report_pdf(request, meeting_id):
    """What the Secretariat presents at the follow-up meeting, and what its participants read
    before it."""
    report = _report(request, meeting_id)
    chart = status_chart(report["statuses"], meeting=meeting_id)
    context = {
        "report": report,
        "status_chart": chart,
        "report_date": formatted(timezone.localdate(), "date"),
    }
    return pdf_document(
        request,
        "recommendations/pdf/report.html",
        context,
        filename=f"mise-en-oeuvre-session-{meeting_id}.pdf",
    )


def report_xlsx(request, meeting_id):
    report = _report(request, meeting_id)
    summary = Sheet(
        title=_("Synthèse"), headers=report_summary_headers(), rows=report_summary_rows(report)
    )
    content = build_workbook(
        title=_("Mise en œuvre"),
        headers=report_headers(),
        rows=report_rows(report),
        more_sheets=[summary],
    )
    return workbook_response(content, filename=f"mise-en-oeuvre-session-{meeting_id}.xlsx")
