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


def record_changes(*, actor, recommendation, before, contributors_before=None):
    """Write one audit row per field whose displayed value changed."""
    after = snapshot(recommendation)
    changes = {field: (before.get(field, ""), after[field]) for field in AUDITED_FIELDS}
    if contributors_before is not None:
        now = ", ".join(sorted(s.acronym for s in recommendation.contributors.all()))
        changes["contributors"] = (contributors_before, now)
    return audit_record(recommendation, actor=actor, changes=changes)
