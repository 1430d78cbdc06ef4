"""The security events journal: logins, failures, lockouts, password resets and role changes.

Receivers of Django's, django-axes' and the ORM's signals write one SecurityEvent each. Role
changes can happen in the admin, a shell or a data migration; the request in progress, when
there is one, is kept by SecurityContextMiddleware so that they record who did it and from
which address.
"""

import ipaddress
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

# The request being served by this thread or task, for receivers that are not given it.
_current_request = ContextVar("security_current_request", default=None)

USER_AGENT_MAX = 500
PRIVILEGE_FLAGS = ("is_staff", "is_superuser")


class SecurityContextMiddleware:
    """Makes the current request known to the role-change receivers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def client_address(request):
    """The client's address: REMOTE_ADDR, unless the settings say proxies stand in front.

    With PROXY_COUNT proxies that each append to X-Forwarded-For, the client is the entry that
    many places from the right; entries further left are whatever the client chose to send.
    """
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def security_event_record(*, kind, request=None, user=None, email="", actor=None, detail=""):
    """Write one event, with the address and browser of the request when there is one."""
    from .models import SecurityEvent

    if request is None:
        request = _current_request.get()
    if actor is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            actor = request_user
    user_agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
    return SecurityEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        email=str(email or (user.email if user is not None else ""))[:254],
        actor=actor if actor is not None and actor.pk else None,
        ip_address=client_address(request),
        user_agent=user_agent[:USER_AGENT_MAX],
        detail=str(detail)[:255],
    )


def _user_by_email(email):
    from .models import User, email_normalised

    if not email:
        return None
    return User.objects.filter(email=email_normalised(email)).first()


# --- Logins ----------------------------------------------------------------------------------


def on_logged_in(sender, request, user, **kwargs):
    from .models import SecurityEvent

    security_event_record(kind=SecurityEvent.Kind.LOGIN, request=request, user=user, actor=user)


def on_logged_out(sender, request, user, **kwargs):
    from .models import SecurityEvent

    if user is not None:
        security_event_record(
            kind=SecurityEvent.Kind.LOGOUT, request=request, user=user, actor=user
        )


def on_login_failed(sender, credentials, request=None, **kwargs):
    from django.utils.translation import gettext

    from .models import SecurityEvent

    email = str(credentials.get("username", "")).strip()
    # Axes refuses to check the password of a locked account: say so, it explains the failure.
    locked = request is not None and getattr(request, "axes_locked_out", False)
    security_event_record(
        kind=SecurityEvent.Kind.LOGIN_FAILED,
        request=request,
        user=_user_by_email(email),
        email=email,
        actor=None,
        detail=gettext("compte bloqué") if locked else "",
    )


def on_locked_out(sender, request, username, ip_address=None, **kwargs):
    from .models import SecurityEvent

    security_event_record(
        kind=SecurityEvent.Kind.LOCKOUT,
        request=request,
        user=_user_by_email(username),
        email=username or "",
    )


# --- Password resets (called by the views, which are the only ones to know) ------------------


PASSWORD_RESET_WINDOW = timedelta(hours=1)


def password_reset_allowed(*, request, email):
    """Whether another reset e-mail may be sent: fewer than PASSWORD_RESETS_PER_ADDRESS asked
    for this address, and fewer than PASSWORD_RESETS_PER_CLIENT from this client, in the last
    hour. The journal's own rows are the count (every request is recorded, sent or not), and
    the answer is the same whether the address has an account or not."""
    from .models import SecurityEvent, email_normalised

    recent = SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED,
        at__gte=timezone.now() - PASSWORD_RESET_WINDOW,
    )
    if recent.filter(email=email_normalised(email)).count() >= (
        settings.PASSWORD_RESETS_PER_ADDRESS
    ):
        return False
    address = client_address(request)
    return not (
        address is not None
        and recent.filter(ip_address=address).count() >= settings.PASSWORD_RESETS_PER_CLIENT
    )


def password_reset_requested(*, request, email, refused=False):
    from django.utils.translation import gettext

    from .models import SecurityEvent, email_normalised

    security_event_record(
        kind=SecurityEvent.Kind.PASSWORD_RESET_REQUESTED,
        request=request,
        user=_user_by_email(email),
        email=email_normalised(email),
        detail=gettext("trop de demandes : aucun e-mail envoyé") if refused else "",
    )


def password_reset_done(*, request, user):
    from .models import SecurityEvent

    security_event_record(
        kind=SecurityEvent.Kind.PASSWORD_RESET, request=request, user=user, actor=user
    )


# --- Role changes ----------------------------------------------------------------------------


def on_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """user.groups.add/remove/clear and group.user_set.add/remove/clear alike."""
    from django.contrib.auth.models import Group

    from .models import SecurityEvent, User

    if action == "pre_clear":
        # The rows are gone after the clear: remember them now.
        if reverse:
            instance._security_cleared = set(instance.user_set.values_list("pk", flat=True))
        else:
            instance._security_cleared = set(instance.groups.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_security_cleared", set())
        kind = SecurityEvent.Kind.ROLE_REMOVED
    elif action == "post_add":
        kind = SecurityEvent.Kind.ROLE_ADDED
    elif action == "post_remove":
        kind = SecurityEvent.Kind.ROLE_REMOVED
    else:
        return
    if not pk_set:
        return
    if reverse:
        pairs = [(user, instance) for user in User.objects.filter(pk__in=pk_set)]
    else:
        pairs = [(instance, group) for group in Group.objects.filter(pk__in=pk_set)]
    for user, group in pairs:
        security_event_record(kind=kind, user=user, detail=group.name)


def on_user_pre_save(sender, instance, update_fields=None, **kwargs):
    """Remember the privilege flags before the save, to compare after it."""
    if update_fields is not None and not set(PRIVILEGE_FLAGS) & set(update_fields):
        instance._security_flags_before = None
        return
    if instance.pk is None:
        instance._security_flags_before = dict.fromkeys(PRIVILEGE_FLAGS, False)
        return
    before = sender.objects.filter(pk=instance.pk).values(*PRIVILEGE_FLAGS).first()
    instance._security_flags_before = before or dict.fromkeys(PRIVILEGE_FLAGS, False)


def on_user_post_save(sender, instance, raw=False, **kwargs):
    from django.utils.translation import gettext

    from .models import SecurityEvent

    before = getattr(instance, "_security_flags_before", None)
    instance._security_flags_before = None
    if raw or before is None:
        return
    labels = {
        "is_staff": gettext("accès à l'administration"),
        "is_superuser": gettext("superutilisateur"),
    }
    changes = [
        ("+ " if getattr(instance, flag) else "- ") + labels[flag]
        for flag in PRIVILEGE_FLAGS
        if bool(before[flag]) != bool(getattr(instance, flag))
    ]
    if changes:
        security_event_record(
            kind=SecurityEvent.Kind.PRIVILEGE_CHANGED, user=instance, detail=", ".join(changes)
        )


def connect():
    """Connect the receivers; called once from AccountsConfig.ready()."""
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
    from django.db.models.signals import m2m_changed, post_save, pre_save

    from .models import User

    user_logged_in.connect(on_logged_in, dispatch_uid="security.logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="security.logged_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="security.login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="security.locked_out")
    m2m_changed.connect(
        on_groups_changed, sender=User.groups.through, dispatch_uid="security.groups"
    )
    pre_save.connect(on_user_pre_save, sender=User, dispatch_uid="security.user_pre_save")
    post_save.connect(on_user_post_save, sender=User, dispatch_uid="security.user_post_save")
