"""Saving the checked rows through the services: all the rows or none."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Structure

from ..models import Recommendation, Theme
from ..services import recommendation_create, recommendation_update
from ..services.recommendations import require_manager

# Saving -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int

    @property
    def total(self):
        return self.created + self.updated


def _messages(error):
    """A service's ValidationError as sentences, each field named in the user's words."""
    if not hasattr(error, "error_dict"):
        return error.messages
    messages = []
    for name, errors in error.error_dict.items():
        try:
            label = str(Recommendation._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = ""
        for message in ValidationError(errors).messages:
            prefix = label[:1].upper() + label[1:] if label and name != NON_FIELD_ERRORS else ""
            messages.append(f"{prefix} : {message}" if prefix else message)
    return messages


def _row_error(row, message):
    return ValidationError(
        _("Ligne %(row)s : %(message)s") % {"row": row["row"], "message": message}, code="row"
    )


def _instances(row, structures, themes):
    fields = dict(row["fields"])
    if "lead_structure" in fields:
        fields["lead_structure"] = structures.get(fields["lead_structure"])
        if fields["lead_structure"] is None:
            raise _row_error(row, _("La structure pilote n'existe plus sur le portail."))
    if "theme" in fields:
        fields["theme"] = themes.get(fields["theme"])
        if fields["theme"] is None:
            raise _row_error(row, _("Le thème n'existe plus sur le portail."))
    if fields.get("due_date"):
        fields["due_date"] = date.fromisoformat(fields["due_date"])
    return fields


def recommendations_import(*, actor, meeting, rows):
    """Create or update the rows checked by ``import_preview``, in one transaction: if the
    services refuse any row, nothing is saved and the error names that row's number."""
    require_manager(actor)
    created = updated = 0
    with transaction.atomic():
        structures = Structure.objects.in_bulk({r["fields"].get("lead_structure") for r in rows})
        themes = Theme.objects.in_bulk({r["fields"].get("theme") for r in rows})
        existing = Recommendation.objects.filter(meeting=meeting).in_bulk(
            {r["recommendation"] for r in rows if r["recommendation"]}
        )
        for row in rows:
            fields = _instances(row, structures, themes)
            try:
                if row["recommendation"] is None:
                    recommendation_create(actor=actor, meeting=meeting, **fields)
                    created += 1
                    continue
                if row["recommendation"] not in existing:
                    raise ValidationError(
                        _("La recommandation %(reference)s n'existe plus dans cette session.")
                        % {"reference": row["reference"]}
                    )
                recommendation_update(
                    actor=actor, recommendation=existing[row["recommendation"]], **fields
                )
                updated += 1
            except ValidationError as error:
                raise _row_error(row, " ".join(_messages(error))) from error
    return ImportResult(created=created, updated=updated)
