"""What the apps' demo data (``manage.py seed_demo``) shares: dating a story told through the
services, and keeping its past events out of the outbox.

The demo is written by the same services as real use, so that its rows, history and e-mails are
what the portal makes; the services date everything "now". The story happens earlier (the 2022
sessions, tickets of the last weeks): each step runs inside ``written_at`` and the rows it wrote
take the moment of the story, set explicitly, whatever today's date.
"""

from contextlib import contextmanager

from django.db.models import Max

from . import outbox


@contextmanager
def written_at(moment, columns):
    """Date at ``moment`` the rows written inside the block: ``columns`` maps a model to the
    names of its date fields, e.g. ``{Invitation: ["created_at"]}``. Rows are told apart by
    their primary key, above the largest one before the block."""
    marks = {model: model.objects.aggregate(last=Max("pk"))["last"] or 0 for model in columns}
    yield
    for model, names in columns.items():
        model.objects.filter(pk__gt=marks[model]).update(**dict.fromkeys(names, moment))


def past_notifications_cancel(*targets):
    """The demo's past events send no e-mail: the pending notifications about these targets, of
    every kind, are cancelled (what happened in 2022 was announced in 2022)."""
    kinds = list(outbox.kinds().values())
    return sum(outbox.notifications_cancel(target=target, kinds=kinds) for target in targets)
