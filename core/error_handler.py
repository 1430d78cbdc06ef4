"""The logging handler that turns a server error into a report (core.errors). It lives apart
from core.errors because logging is configured before the apps are loaded: this module imports
no model until a record arrives."""

import logging


class ServerErrorReportHandler(logging.Handler):
    """For ``django.request``: an error that reached the 500 page becomes a report. Reporting
    must never fail the failing request a second time: when the database is what failed, the
    report is only logged."""

    def emit(self, record):
        request = getattr(record, "request", None)
        if request is None or not record.exc_info or getattr(record, "status_code", 500) < 500:
            return
        deferred = getattr(request, "deferred_error_reports", None)
        if deferred is not None:
            # Inside a transaction about to be rolled back (core.submissions): reported after.
            deferred.append(record.exc_info)
            return
        from .errors import error_report_safely

        error_report_safely(request, record.exc_info)
