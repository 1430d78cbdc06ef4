"""The notification outbox: scheduled e-mails as rows, claimed by exactly one sender.

Apps register a builder per kind of notification (``@register("meetings.reminder", label)``);
the builder turns a row into an ``EmailMessage``, or returns None when, by the time it is due,
there is nothing to say any more (the meeting was cancelled, the invitee declined).

Sending is claim → send → mark. The claim is a conditional update of rows picked with
``SELECT … FOR UPDATE SKIP LOCKED``, so two dispatchers (two beats, two workers, a retried task)
never hold the same row. A sender that dies after its claim leaves the row "sending"; once the
claim is older than ``NOTIFICATION_CLAIM_TIMEOUT`` another dispatcher takes it again. A sender
that dies after the mail server accepted the message but before marking it sent is the one case
that can repeat a message; its Message-ID is the same each time, so mail servers and clients can
recognise the duplicate. A failed send is retried with an exponential back-off and ends in the
"failed" state, which the Secretariat sees and can resend.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Notification
from .queue import enqueue_on_commit

logger = logging.getLogger(__name__)

State = Notification.State


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    build: object


_kinds = {}


def register(name, label):
    """Register ``build(notification) -> EmailMessage | None`` for one kind of notification."""

    def decorator(build):
        _kinds[name] = Kind(name=name, label=label, build=build)
        return build

    return decorator


def kind_label(name):
    kind = _kinds.get(name)
    return kind.label if kind else name


@dataclass(frozen=True)
class Wanted:
    """A notification a schedule wants: ``slot`` names what a moved row stays (kind, person,
    offset), so a pending reminder follows its meeting instead of being replaced."""

    kind: str
    recipient_id: int
    due_at: object
    slot: str
    payload: dict


def _dispatch_soon():
    from .tasks import dispatch_notifications

    enqueue_on_commit(dispatch_notifications)


@transaction.atomic
def notification_schedule(
    *, kind, due_at, dedup_key, recipient=None, recipient_id=None, target=None, payload=None
):
    """Schedule one notification unless one with this key exists; returns (row, created).
    A row due now is sent by the next dispatch, which is asked for at once."""
    fields = {"kind": kind, "due_at": due_at, "payload": payload or {}}
    if recipient is not None:
        fields["recipient"] = recipient
    else:
        fields["recipient_id"] = recipient_id
    if target is not None:
        fields["target"] = target
    row, created = Notification.objects.get_or_create(dedup_key=dedup_key, defaults=fields)
    if created and due_at <= timezone.now():
        _dispatch_soon()
    return row, created


@transaction.atomic
def notifications_schedule_many(rows):
    """Schedule many unsaved Notification rows at once; keys already taken are skipped (the
    planners run every few minutes and plan the same notifications again)."""
    rows = list(rows)
    if not rows:
        return 0
    taken = set(
        Notification.objects.filter(dedup_key__in=[row.dedup_key for row in rows]).values_list(
            "dedup_key", flat=True
        )
    )
    new = [row for row in rows if row.dedup_key not in taken]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    if any(row.due_at <= timezone.now() for row in new):
        _dispatch_soon()
    return len(new)


def _update_if(row, state, **fields):
    """Change a row only if it is still in ``state``: a dispatcher may have claimed it since it
    was read (PostgreSQL's row locks prevent that; SQLite has none)."""
    fields["updated_at"] = timezone.now()
    return Notification.objects.filter(pk=row.pk, state=state).update(**fields)


def notifications_due_now(*, kind, target, recipients):
    """Schedule, due now, one notification of ``kind`` about ``target`` per
    ``(recipient_id, dedup_key, payload)``: one query to skip the keys already taken, one
    insert, one dispatch asked for however many recipients."""
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    now = timezone.now()
    return notifications_schedule_many(
        Notification(
            kind=kind,
            target_type=content_type,
            target_id=target.pk,
            recipient_id=recipient_id,
            due_at=now,
            dedup_key=dedup_key,
            payload=payload or {},
        )
        for recipient_id, dedup_key, payload in recipients
    )


@transaction.atomic
def notifications_sync(*, target, kinds, wanted, now=None):
    """Make the target's notifications of these kinds match ``wanted`` (dedup key → Wanted).

    Pending rows that are still wanted keep their key and take the new due time; a pending row
    whose key changed (its meeting moved) is moved onto the new key of the same slot; pending
    rows nobody wants any more are cancelled. A wanted notification already due is never
    created afresh (a reminder a week before a meeting planned three days ahead makes no
    sense), but a pending one that the dispatcher has not reached yet is kept. Rows already
    sent or failed are left as they are.
    """
    now = now or timezone.now()
    rows = list(Notification.objects.for_target(target).filter(kind__in=kinds).select_for_update())
    by_key = {row.dedup_key: row for row in rows}
    movable = {}
    for row in rows:
        if row.state == State.PENDING and row.dedup_key not in wanted:
            movable.setdefault(row.payload.get("slot"), []).append(row)
    kept = set()
    for key, want in wanted.items():
        row = by_key.get(key)
        future = want.due_at > now
        if row is not None:
            if row.state == State.PENDING and row.due_at != want.due_at:
                _update_if(row, State.PENDING, due_at=want.due_at)
            elif row.state == State.CANCELLED and future:
                _update_if(
                    row, State.CANCELLED, state=State.PENDING, due_at=want.due_at, attempts=0
                )
            kept.add(key)
            continue
        if not future:
            continue
        payload = {**want.payload, "slot": want.slot}
        candidates = movable.get(want.slot)
        if candidates:
            row = candidates.pop()
            if _update_if(row, State.PENDING, dedup_key=key, due_at=want.due_at, payload=payload):
                row.dedup_key = key
            else:
                # A dispatcher took it meanwhile (no row locks on SQLite): plan a new one; the
                # taken one finds its meeting moved and says nothing.
                Notification.objects.create(
                    kind=want.kind,
                    target=target,
                    recipient_id=want.recipient_id,
                    due_at=want.due_at,
                    dedup_key=key,
                    payload=payload,
                )
        else:
            Notification.objects.create(
                kind=want.kind,
                target=target,
                recipient_id=want.recipient_id,
                due_at=want.due_at,
                dedup_key=key,
                payload=payload,
            )
        kept.add(key)
    stale = [row.pk for row in rows if row.state == State.PENDING and row.dedup_key not in kept]
    Notification.objects.filter(pk__in=stale, state=State.PENDING).update(
        state=State.CANCELLED, updated_at=now
    )


def notifications_cancel(*, target, kinds):
    """Cancel the target's pending notifications of these kinds."""
    return (
        Notification.objects.for_target(target)
        .filter(kind__in=kinds, state=State.PENDING)
        .update(state=State.CANCELLED, updated_at=timezone.now())
    )


def notifications_claim(*, limit=None, now=None):
    """Claim due rows for this sender: pending ones, and claims abandoned by a dead sender.

    Rows locked by another dispatcher are skipped, and the conditional update only takes rows
    still in the state they were read in, so no row is ever held by two senders.
    """
    now = now or timezone.now()
    limit = limit or settings.NOTIFICATION_BATCH_SIZE
    abandoned = now - timedelta(seconds=settings.NOTIFICATION_CLAIM_TIMEOUT)
    claimable = Q(state=State.PENDING, due_at__lte=now) | Q(
        state=State.SENDING, claimed_at__lt=abandoned
    )
    token = uuid.uuid4()
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(claimable)
            .order_by("due_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        Notification.objects.filter(claimable, pk__in=ids).update(
            state=State.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    return list(
        Notification.objects.filter(claim_token=token, state=State.SENDING)
        .select_related("recipient")
        .order_by("due_at", "pk")
    )


def _finish(notification, **fields):
    """Record the outcome, unless another sender has claimed the row since."""
    fields["updated_at"] = timezone.now()
    return Notification.objects.filter(
        pk=notification.pk, state=State.SENDING, claim_token=notification.claim_token
    ).update(**fields)


def retry_delay(attempts):
    """1, 2, 4, 8… times the base delay after the 1st, 2nd, 3rd… failed attempt."""
    return timedelta(seconds=settings.NOTIFICATION_RETRY_BASE * 2 ** max(attempts - 1, 0))


def _fail(notification, exc, now):
    """Record a failed attempt: back to pending after the back-off, or failed for good."""
    error = f"{type(exc).__name__}: {exc}"[:1000]
    logger.warning("Notification %s (%s) failed: %s", notification.pk, notification.kind, error)
    if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        _finish(notification, state=State.FAILED, last_error=error)
        return State.FAILED
    _finish(
        notification,
        state=State.PENDING,
        due_at=now + retry_delay(notification.attempts),
        last_error=error,
    )
    return State.PENDING


def _renew_claim(notification):
    """Take the claim afresh just before sending. A batch whose first messages went slowly
    must not leave its last rows looking abandoned to the next dispatcher while this one is
    still about to send them; and a row another dispatcher took meanwhile is not sent here."""
    return Notification.objects.filter(
        pk=notification.pk, state=State.SENDING, claim_token=notification.claim_token
    ).update(claimed_at=timezone.now())


def message_id(notification):
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "portail-dsi"
    return f"<notification-{notification.pk}@{domain}>"


def deliver(notification, now=None):
    """Build and send one claimed notification; returns its new state (None when another
    sender took it over)."""
    now = now or timezone.now()
    kind = _kinds.get(notification.kind)
    try:
        if kind is None:
            raise LookupError(f"unknown notification kind {notification.kind!r}")
        message = kind.build(notification)
    except Exception as exc:
        logger.exception("Building notification %s failed", notification.pk)
        return _fail(notification, exc, now)
    if message is None:
        _finish(notification, state=State.CANCELLED)
        return State.CANCELLED
    if not _renew_claim(notification):
        logger.warning(
            "Notification %s was taken by another sender: not sent here", notification.pk
        )
        return None
    message.extra_headers["Message-ID"] = message_id(notification)
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - SMTP errors, refused connections, timeouts
        return _fail(notification, exc, now)
    if not _finish(notification, state=State.SENT, sent_at=timezone.now(), last_error=""):
        logger.error("Notification %s was claimed by another sender while sending", notification.pk)
    return State.SENT


def notifications_dispatch(*, now=None, max_batches=20):
    """Send what is due, batch after batch; returns the number of rows handled."""
    handled = 0
    for _batch in range(max_batches):
        claimed = notifications_claim(now=now)
        if not claimed:
            break
        for notification in claimed:
            deliver(notification, now=now)
        handled += len(claimed)
    return handled


@transaction.atomic
def notification_resend(*, notification):
    """Put a failed notification back in the queue, due now, with a fresh count of attempts."""
    updated = Notification.objects.filter(pk=notification.pk, state=State.FAILED).update(
        state=State.PENDING, due_at=timezone.now(), attempts=0, updated_at=timezone.now()
    )
    if updated:
        _dispatch_soon()
    return bool(updated)


def notifications_purge(*, now=None):
    """Forget the notifications sent, cancelled or failed more than NOTIFICATION_KEEP_DAYS ago:
    the outbox is a working table, not an archive. Pending and sending rows are never
    touched."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.NOTIFICATION_KEEP_DAYS)
    deleted, _by_model = Notification.objects.filter(
        state__in=(State.SENT, State.CANCELLED, State.FAILED), updated_at__lt=limit
    ).delete()
    return deleted
