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


def error_signature(exc_info):
    """Where the error happened (its type and innermost frame): the same failure seen twice is
    one signature."""
    exc_type, _exc, tb = exc_info
    frames = traceback.extract_tb(tb) if tb else []
    place = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    text = f"{exc_type.__module__}.{exc_type.__qualname__}@{place}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


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
        "signature": error_signature(exc_info),
        "hour": now.strftime("%Y-%m-%dT%H"),
        "reference": error_reference(request),
        "at": now.isoformat(),
        "method": request.method,
        "path": request.get_full_path()[:500],
        "user": user.email if getattr(user, "is_authenticated", False) else "",
        "error": f"{exc_type.__qualname__}: {exc}"[:1000],
        "traceback": "".join(traceback.format_exception(*exc_info))[-TRACEBACK_KEPT:],
    }
    with transaction.atomic():
        recipients = list(User.objects.error_report_recipients().values_list("pk", flat=True))
        return outbox.notifications_plan(SERVER_ERROR.to(recipients, **payload))


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
