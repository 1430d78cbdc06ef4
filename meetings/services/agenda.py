from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import AgendaItem
from ._common import require_manager, require_not_cancelled

FIELDS = ["title", "presenter", "presenter_structure", "duration_minutes", "description"]


@transaction.atomic
def agenda_item_create(*, actor, meeting, **fields):
    require_manager(actor)
    require_not_cancelled(meeting)
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting, position=last + 1, **{k: fields[k] for k in FIELDS if k in fields}
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_update(*, actor, item, **fields):
    require_manager(actor)
    require_not_cancelled(item.meeting)
    for name in FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def agenda_item_delete(*, actor, item):
    require_manager(actor)
    require_not_cancelled(item.meeting)
    item.delete()


@transaction.atomic
def agenda_reorder(*, actor, meeting, ordered_ids):
    """Put the agenda in the given order; the list must name every item exactly once."""
    require_manager(actor)
    require_not_cancelled(meeting)
    items = {item.pk: item for item in meeting.agenda_items.select_for_update()}
    if sorted(ordered_ids) != sorted(items):
        raise ValidationError(
            _("L'ordre du jour a changé entre-temps. Rechargez la page et recommencez."),
            code="stale",
        )
    for position, pk in enumerate(ordered_ids, start=1):
        items[pk].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])
    return [items[pk] for pk in ordered_ids]
