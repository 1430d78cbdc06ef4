from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..charts import dashboard_charts, list_url, ranking_chart, trend_chart
from ..permissions import can_read_dashboard
from ..selectors import (
    DASHBOARD_SESSIONS,
    DASHBOARD_STRUCTURES,
    recommendations_dashboard_cached,
)


@require_safe
def dashboard(request):
    """The Secretary General's dashboard; every figure links to the list behind it. The trend
    shows the latest sessions and the ranking its first structures, each with links to the
    others (``?sessions=``, ``?structures=``)."""
    if not can_read_dashboard(request.user):
        raise Http404
    (figures, charts), summary = recommendations_dashboard_cached(
        lambda figures: (figures, dashboard_charts(figures))
    )
    # Newest first, so that the first window holds the latest sessions; drawn oldest first.
    sessions = _window(request, "sessions", figures["sessions"][::-1], DASHBOARD_SESSIONS)
    structures = _window(request, "structures", figures["structures"], DASHBOARD_STRUCTURES)
    charts = {
        **charts,
        "trend": trend_chart(sessions.object_list[::-1]),
        "structures": ranking_chart(structures.object_list),
    }
    return render(
        request,
        "recommendations/dashboard.html",
        {
            "figures": figures,
            "summary": summary,
            "charts": charts,
            "sessions": sessions,
            "structures": structures,
            "overdue_url": list_url(overdue="on", sort="-days_late"),
            "stale_url": list_url(stale="on"),
            "implemented_url": list_url(status="implemented"),
        },
    )


def _window(request, name, rows, size):
    """The page of ``rows`` asked for by the ``name`` parameter, with the addresses of the pages
    before and after it (the rest of the query string kept, back to the section ``name``)."""
    page = Paginator(rows, size).get_page(request.GET.get(name))

    def address(number):
        query = request.GET.copy()
        query[name] = number
        return f"?{query.urlencode()}#{name}"

    page.previous_url = address(page.previous_page_number()) if page.has_previous() else None
    page.next_url = address(page.next_page_number()) if page.has_next() else None
    return page
