from core.audit import audit_record

AUDITED_FIELDS = [
    "text",
    "theme",
    "lead_structure",
    "focal_person",
    "priority",
    "due_date",
    "status",
    "status_reason",
    "progress",
    "agenda_item",
]


def _display(recommendation, field):
    value = getattr(recommendation, field)
    if value is None:
        return ""
    display = getattr(recommendation, f"get_{field}_display", None)
    return str(display() if display else value)


def snapshot(recommendation):
    return {field: _display(recommendation, field) for field in AUDITED_FIELDS}


def record_changes(*, actor, recommendation, before, contributors_before=None, notes=None):
    """Write one audit row per field whose displayed value changed; ``notes`` ({field: text})
    explain a field's new value in the history."""
    after = snapshot(recommendation)
    changes = {field: (before.get(field, ""), after[field]) for field in AUDITED_FIELDS}
    if contributors_before is not None:
        now = ", ".join(sorted(s.acronym for s in recommendation.contributors.all()))
        changes["contributors"] = (contributors_before, now)
    notes = notes or {}
    rows = audit_record(
        recommendation,
        actor=actor,
        changes={k: v for k, v in changes.items() if k not in notes},
    )
    for field, note in notes.items():
        if field in changes:
            rows += audit_record(
                recommendation, actor=actor, changes={field: changes[field]}, note=note
            )
    return rows
