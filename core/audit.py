"""The audit trail: one helper writes every app's history, over the shapes of core.models.

A service that changes something records it in the same transaction with
``audit_record(target, actor=..., action=..., changes={field: (before, after)})``; the entry
model is the AuditEntry whose ``target_field`` points at the target's model. The pages show it
with ``templates/partials/history.html``.
"""

from functools import cache

from django.apps import apps

from core.models import AuditEntry


@cache
def _entry_model(target_model):
    for model in apps.get_models():
        if issubclass(model, AuditEntry) and model.target_model() is target_model:
            return model
    raise LookupError(f"No audit trail records changes of {target_model._meta.label}")


def audit_model(target):
    """The AuditEntry model that holds the history of ``target``'s model."""
    return _entry_model(target._meta.concrete_model)


def audit_record(target, *, actor, action="", changes=None, **fields):
    """Record what ``actor`` did to ``target``: the rows written (none when nothing changed).

    ``action`` is the verb of entries that have one (a meeting's postponement); ``changes``
    maps a field to its value before and after; ``fields`` are the entry's own columns.
    """
    model = audit_model(target)
    rows = model.entries_for(target, actor=actor, action=action, changes=changes or {}, **fields)
    return model.objects.bulk_create(rows)
