"""The notification outbox: scheduled e-mails as rows, claimed by exactly one sender.

Each app declares its kinds of notification once (``kind_declare``: name, label, builder, the
recipe of its dedup key) and plans rows through ``notifications_plan`` (or, for a schedule that
follows its target, ``notifications_sync``). A row carries in its payload what it announces (the
new status, the reply, the date it reminds of); the builder turns it into an ``EmailMessage``,
or returns None when, by the time it is due, there is nothing to say any more (the meeting was
cancelled, the invitee declined). A closed account or a vanished target is checked once, here,
for every kind.

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
from dataclasses import dataclass, field
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


@dataclass(frozen=True, eq=False)
class Kind:
    """One kind of notification, declared once by its app with ``kind_declare``.

    ``build(notification, target)`` turns a row into an ``EmailMessage``, or returns None when
    there is nothing to say any more for a reason of its own kind; the checks every kind needs
    (the recipient's account is closed, the target is gone) are made before, in ``deliver``.
    ``targets`` is the queryset the target is read from (None: the kind has no target).
    ``key`` names the payload fields that, with the kind, the target and the recipient, make
    one notification: planning it again finds the first row. A pending row that differs from a
    wanted one only in its ``moves`` fields is moved onto it (a reminder follows its meeting).
    """

    name: str
    label: str
    build: object
    targets: object = None
    key: tuple = ()
    moves: tuple = ()

    def __str__(self):
        # Stored on the rows under its name: ``Notification.objects.filter(kind=REMINDER)``.
        return self.name

    def dedup_key(self, *, target_id, recipient_id, payload):
        target = [] if target_id is None else [str(target_id)]
        parts = [str(payload[name]) for name in self.key]
        return ":".join([self.name, *target, *parts, str(recipient_id)])

    def slot(self, recipient_id, payload):
        """What stays of a notification when its target moves."""
        return (
            self.name,
            recipient_id,
            *(payload.get(name) for name in self.key if name not in self.moves),
        )

    def to(self, recipients, *, target=None, due_at=None, **payload):
        """This kind of notification for each recipient (users or their ids): what a service
        hands to ``notifications_plan`` or ``notifications_sync``."""
        return [
            Planned(
                kind=self,
                recipient_id=getattr(recipient, "pk", recipient),
                target=target,
                due_at=due_at,
                payload=payload,
            )
            for recipient in recipients
        ]


_kinds = {}


def kind_declare(name, label, *, build, targets=None, key=(), moves=()):
    """Declare and register one kind of notification (see ``Kind``); returns it."""
    if name in _kinds:
        raise ValueError(f"notification kind {name!r} is declared twice")
    kind = Kind(name=name, label=label, build=build, targets=targets, key=key, moves=moves)
    _kinds[name] = kind
    return kind


def kinds():
    """Every declared kind, by name."""
    return dict(_kinds)


def kind_label(name):
    kind = _kinds.get(name)
    return kind.label if kind else name


@dataclass(frozen=True)
class Planned:
    """One notification a service wants: of ``kind``, to one recipient, about ``target``, due
    at ``due_at`` (None: now), carrying in ``payload`` what it announces."""

    kind: Kind
    recipient_id: int
    target: object = None
    due_at: object = None
    payload: dict = field(default_factory=dict)

    @property
    def dedup_key(self):
        return self.kind.dedup_key(
            target_id=getattr(self.target, "pk", None),
            recipient_id=self.recipient_id,
            payload=self.payload,
        )

    def row(self, now):
        """The unsaved outbox row: the one place a Notification is made."""
        row = Notification(
            kind=self.kind.name,
            recipient_id=self.recipient_id,
            due_at=self.due_at or now,
            dedup_key=self.dedup_key,
            payload=self.payload,
        )
        if self.target is not None:
            row.target_type = ContentType.objects.get_for_model(
                self.target, for_concrete_model=False
            )
            row.target_id = self.target.pk
        return row


def _dispatch_soon():
    from .tasks import dispatch_notifications

    enqueue_on_commit(dispatch_notifications)


@transaction.atomic
def notifications_plan(planned):
    """Plan these notifications (``Kind.to``); those already planned are skipped, so planners
    may run every few minutes and plan the same ones again. One query for the keys already
    taken, one insert, and one dispatch asked for at once when some are due now; returns how
    many were new."""
    now = timezone.now()
    rows = {}
    for item in planned:
        row = item.row(now)
        rows.setdefault(row.dedup_key, row)
    if not rows:
        return 0
    taken = set(
        Notification.objects.filter(dedup_key__in=list(rows)).values_list("dedup_key", flat=True)
    )
    new = [row for key, row in rows.items() if key not in taken]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    if any(row.due_at <= now for row in new):
        _dispatch_soon()
    return len(new)


def _update_if(row, was, **fields):
    """Change a row only if it is still in state ``was``: a dispatcher may have claimed it since
    it was read (PostgreSQL's row locks prevent that; SQLite has none)."""
    fields["updated_at"] = timezone.now()
    return Notification.objects.filter(pk=row.pk, state=was).update(**fields)


@transaction.atomic
def notifications_sync(*, target, kinds, wanted, now=None):
    """Make the target's notifications of these kinds match ``wanted`` (``Kind.to``, each with
    its due time).

    Pending rows that are still wanted keep their key and take the new due time; a cancelled
    one wanted again (the invitee declined, then accepted) is pending again; a pending row
    whose key changed (its meeting moved) is moved onto the new key of the same slot; pending
    rows nobody wants any more are cancelled. A wanted notification already due is never
    created afresh (a reminder a week before a meeting planned three days ahead makes no
    sense), but a pending one that the dispatcher has not reached yet is kept. Rows already
    sent or failed are left as they are.
    """
    now = now or timezone.now()
    by_name = {str(kind): kind for kind in kinds}
    rows = list(
        Notification.objects.for_target(target).filter(kind__in=list(by_name)).select_for_update()
    )
    by_key = {row.dedup_key: row for row in rows}
    wanted = {item.dedup_key: item for item in wanted}
    movable = {}
    for row in rows:
        if row.state == State.PENDING and row.dedup_key not in wanted:
            slot = by_name[row.kind].slot(row.recipient_id, row.payload)
            movable.setdefault(slot, []).append(row)
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
        candidates = movable.get(want.kind.slot(want.recipient_id, want.payload))
        row = candidates.pop() if candidates else None
        moved = row is not None and _update_if(
            row, State.PENDING, dedup_key=key, due_at=want.due_at, payload=want.payload
        )
        if moved:
            row.dedup_key = key
        else:
            # Nothing to move, or a dispatcher took it meanwhile (no row locks on SQLite): plan
            # a new one; the taken one finds its meeting moved and says nothing.
            want.row(now).save()
        kept.add(key)
    stale = [row.pk for row in rows if row.state == State.PENDING and row.dedup_key not in kept]
    Notification.objects.filter(pk__in=stale, state=State.PENDING).update(
        state=State.CANCELLED, updated_at=now
    )


def notifications_cancel(*, target, kinds):
    """Cancel the target's pending notifications of these kinds."""
    return (
        Notification.objects.for_target(target)
        .filter(kind__in=[str(kind) for kind in kinds], state=State.PENDING)
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


def _build(notification):
    """The message, or None when there is nothing to say any more: checked here for every kind
    (a closed account hears nothing, a target deleted or no longer in the kind's ``targets``
    has nothing to announce), then by the kind's builder for reasons of its own."""
    kind = _kinds.get(notification.kind)
    if kind is None:
        raise LookupError(f"unknown notification kind {notification.kind!r}")
    if not notification.recipient.is_active:
        return None
    target = None
    if kind.targets is not None:
        target = kind.targets.filter(pk=notification.target_id).first()
        if target is None:
            return None
    return kind.build(notification, target)


def deliver(notification, now=None):
    """Build and send one claimed notification; returns its new state (None when another
    sender took it over)."""
    now = now or timezone.now()
    try:
        message = _build(notification)
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


def notification_last_sent(kind, *, before):
    """The last notification of ``kind`` sent, to anyone, that was due before the row
    ``before`` (itself excluded), with its ``payload`` and ``sent_at``; None when there is none.
    What a periodic message (the weekly digest) compares itself with."""
    return (
        Notification.objects.filter(kind=str(kind), state=State.SENT, due_at__lt=before.due_at)
        .exclude(pk=before.pk)
        .order_by("-sent_at")
        .only("payload", "sent_at")
        .first()
    )


def notification_payload_add(notification, **fields):
    """Add ``fields`` to the row's payload, kept for the next message of its kind to compare
    with (``notification_last_sent``)."""
    notification.payload = {**notification.payload, **fields}
    Notification.objects.filter(pk=notification.pk).update(payload=notification.payload)


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
