from django.http import Http404
from django.shortcuts import render

from ..charts import dashboard_charts, list_url
from ..permissions import can_read_dashboard
from ..selectors import recommendations_dashboard_cached


def dashboard(request):
    """The Secretary General's dashboard; every figure links to the list behind it."""
    if not can_read_dashboard(request.user):
        raise Http404
    figures, charts = recommendations_dashboard_cached(
        lambda figures: (figures, dashboard_charts(figures))
    )
    return render(
        request,
        "recommendations/dashboard.html",
        {
            "figures": figures,
            "charts": charts,
            "overdue_url": list_url(overdue="on", sort="-days_late"),
            "stale_url": list_url(stale="on"),
            "implemented_url": list_url(status="implemented"),
        },
    )
