"""Server errors: the page a user sees, and the report the portal's administrators receive.

A request that fails gets a reference (``error_reference``) shown on the 500 page, so a DSI can
quote it to ANPTIC; the same reference is in the log line and in the report. Reports go through
the outbox (``SERVER_ERROR``) to the portal's administrators (``User.objects.
error_report_recipients()``: active staff accounts, and the accounts whose address is in
``ADMINS``), at most one per place in the code and per hour, so a failing page opened a
thousand times sends one e-mail, not a thousand. Django's own ``mail_admins`` would send from
inside the failing request, synchronously, to ``ADMINS`` only, which is empty by default.
"""

import hashlib
import logging
import secrets
import traceback
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.http import HttpResponseServerError
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import outbox
from .mail import build_templated_email

logger = logging.getLogger(__name__)

# The traceback kept in a report, from its end (where the error is).
TRACEBACK_KEPT = 20_000


def error_reference(request):
    """The reference of this request's error, made once: the 500 page and the report show the
    same one."""
    reference = getattr(request, "error_reference", None)
    if reference is None:
        reference = secrets.token_hex(4).upper()
        request.error_reference = reference
    return reference


def _our_innermost_frame(tb):
    """The innermost frame in the portal's own code (not a library's: every database error
    ends in the driver's cursor, every template error in Django's template engine)."""
    frames = traceback.extract_tb(tb) if tb else []
    ours = [
        frame
        for frame in frames
        if frame.filename.startswith(str(settings.BASE_DIR))
        and "site-packages" not in frame.filename
    ]
    frame = (ours or frames or [None])[-1]
    return f"{frame.filename}:{frame.lineno}" if frame else ""


def error_signature(request, exc_info):
    """What makes two errors the same failure: the page (its URL pattern), the exception's
    type and the innermost line of the portal's code it went through."""
    exc_type, _exc, tb = exc_info
    match = getattr(request, "resolver_match", None)
    page = match.view_name if match else ""
    text = f"{page}|{exc_type.__module__}.{exc_type.__qualname__}@{_our_innermost_frame(tb)}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _page(request):
    """The page's address, without what may be a secret in it (a calendar feed's or a password
    reset's token): the URL pattern when the address was resolved."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + match.route
    return request.path[:500]


def build_server_error(notification, target):
    context = {**notification.payload, "recipient": notification.recipient}
    context["at"] = datetime.fromisoformat(context["at"])
    return build_templated_email(
        to=[notification.recipient.email], template="email/server_error", context=context
    )


SERVER_ERROR = outbox.kind_declare(
    "core.server_error",
    _("Erreur du serveur"),
    build=build_server_error,
    key=("signature", "hour"),
)


def server_error_report(request, exc_info):
    """Plan the report of this request's error to the portal's administrators; returns how many
    were planned (0 when the same error was reported this hour, or when nobody can receive
    it)."""
    from accounts.models import User

    now = timezone.now()
    exc_type, exc, _tb = exc_info
    user = getattr(request, "user", None)
    payload = {
        "signature": error_signature(request, exc_info),
        "hour": now.strftime("%Y-%m-%dT%H"),
        "reference": error_reference(request),
        "at": now.isoformat(),
        "method": request.method,
        "path": _page(request),
        "user": user.email if getattr(user, "is_authenticated", False) else "",
        "error": f"{exc_type.__qualname__}: {exc}"[:1000],
        "traceback": "".join(traceback.format_exception(*exc_info))[-TRACEBACK_KEPT:],
    }
    with transaction.atomic():
        recipients = list(User.objects.error_report_recipients().values_list("pk", flat=True))
        return outbox.notifications_plan(SERVER_ERROR.to(recipients, **payload))


def error_report_safely(request, exc_info):
    """``server_error_report`` that never fails the failing request a second time: when the
    database is what failed, the log line is the report."""
    try:
        server_error_report(request, exc_info)
    except Exception:  # the log line below is the report of last resort
        logger.exception(
            "Reporting error %s to the administrators failed",
            getattr(request, "error_reference", "?"),
        )


def reports_reach_someone():
    """Is there anyone to receive error reports? The 500 page says so only when it is true."""
    from accounts.models import User

    try:
        return User.objects.error_report_recipients().exists()
    except Exception:  # noqa: BLE001 - the database may be what failed
        return False


def server_error(request, template_name="500.html"):
    """``handler500``: the page says which reference the error has and, only when it is true,
    that the administrators hear of it. Rendered without the request's context processors,
    which may need what just failed."""
    reference = error_reference(request)
    logger.error("Server error %s on %s %s", reference, request.method, request.path)
    template = loader.get_template(template_name)
    body = template.render({"reference": reference, "reported": reports_reach_someone()})
    return HttpResponseServerError(body)
