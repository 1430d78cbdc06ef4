"""The logging handler that turns a server error into a report (core.errors). It lives apart
from core.errors because logging is configured before the apps are loaded: this module imports
no model until a record arrives."""

import logging

logger = logging.getLogger("core.errors")


class ServerErrorReportHandler(logging.Handler):
    """For ``django.request``: an error that reached the 500 page becomes a report. Reporting
    must never fail the failing request a second time: when the database is what failed, the
    report is only logged."""

    def emit(self, record):
        request = getattr(record, "request", None)
        if request is None or not record.exc_info or getattr(record, "status_code", 500) < 500:
            return
        try:
            from .errors import server_error_report

            server_error_report(request, record.exc_info)
        except Exception:  # the log line below is the report of last resort
            logger.exception(
                "Reporting error %s to the administrators failed",
                getattr(request, "error_reference", "?"),
            )
