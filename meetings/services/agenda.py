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


@transaction.atomic
def agenda_item_move(*, actor, meeting, item_id, direction):
    """Move one item a place up or down (the buttons of the page without JavaScript); moving
    the first item up or the last one down leaves the agenda as it is."""
    require_manager(actor)
    if direction not in ("up", "down"):
        raise ValidationError(_("Ordre du jour illisible : rechargez la page."), code="invalid")
    ids = list(meeting.agenda_items.select_for_update().values_list("pk", flat=True))
    if item_id not in ids:
        raise ValidationError(
            _("L'ordre du jour a changé entre-temps. Rechargez la page et recommencez."),
            code="stale",
        )
    index = ids.index(item_id)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    return agenda_reorder(actor=actor, meeting=meeting, ordered_ids=ids)
