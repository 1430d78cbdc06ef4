"""Checking every imported row without writing anything (the preview step)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import Structure
from core.formats import formatted
from core.text import RECOMMENDATION_MAX_CHARS, TEXT_MAX_CHARS, no_bidi_controls

from ..models import Evidence, Recommendation, Status, StatusUpdate, Theme
from ..services.recommendations import implemented_needs_evidence_error
from . import reading
from .reading import DATE_FORMATS, REQUIRED_COLUMNS, cell_text, map_columns, match_key, read_rows

# Checking -----------------------------------------------------------------------------------


class CellError(Exception):
    pass


def _within(value, limit):
    """The limits of the form (core.text), said in the preview rather than at confirmation."""
    if len(value) > limit:
        raise CellError(
            _("Ce texte fait %(size)s caractères ; la limite est de %(limit)s.")
            % {"size": len(value), "limit": limit}
        )
    try:
        no_bidi_controls(value)
    except ValidationError as error:
        raise CellError(error.messages[0]) from error
    return value


@dataclass
class PreviewRow:
    """One data row: what it will do, what it holds (for display) and what is wrong with it."""

    number: int
    reference: str = ""
    recommendation_id: int | None = None
    display: dict = field(default_factory=dict)
    fields: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    existing: Recommendation | None = field(default=None, repr=False)

    @property
    def is_update(self):
        return self.recommendation_id is not None

    def as_data(self):
        """What the confirm step needs, JSON-serialisable: ids and ISO dates."""
        fields = dict(self.fields)
        if fields.get("due_date"):
            fields["due_date"] = fields["due_date"].isoformat()
        return {
            "row": self.number,
            "reference": self.reference,
            "recommendation": self.recommendation_id,
            "fields": fields,
        }


@dataclass
class Preview:
    rows: list
    ignored_columns: list

    @property
    def error_count(self):
        return sum(len(row.errors) for row in self.rows)

    @property
    def is_valid(self):
        return not self.error_count

    @property
    def created(self):
        return sum(not row.is_update for row in self.rows)

    @property
    def updated(self):
        return sum(row.is_update for row in self.rows)

    def as_data(self):
        return [row.as_data() for row in self.rows]


def _statuses():
    known = {match_key(code): code for code in Status.values}
    for language in ("fr", translation.get_language()):
        with translation.override(language):
            known.update({match_key(str(label)): code for code, label in Status.choices})
    return known


class _Checker:
    """Checks rows against the portal's data, fetched once for the whole file."""

    def __init__(self, *, meeting, references):
        self.meeting = meeting
        self.structures = {}
        for structure in Structure.objects.all():
            self.structures.setdefault(match_key(structure.acronym), structure)
            self.structures.setdefault(match_key(structure.name), structure)
        self.themes = {match_key(theme.name): theme for theme in Theme.objects.all()}
        active = sorted((t.name for t in self.themes.values() if t.is_active), key=match_key)
        self.known_themes = ", ".join(active)
        self.existing = {
            r.reference.upper(): r
            for r in Recommendation.objects.filter(reference__in=references).select_related(
                "meeting"
            )
        }
        # What "implemented" needs: a file proving a validated update (services.recommendations).
        self.evidenced = set(
            Evidence.objects.filter(
                update__recommendation__in=self.existing.values(),
                update__state=StatusUpdate.State.VALIDATED,
            ).values_list("update__recommendation_id", flat=True)
        )
        self.statuses = _statuses()
        self.seen = {}

    def reference(self, row, value):
        reference = value.upper()
        if reference in self.seen:
            raise CellError(
                _(
                    "La référence %(reference)s figure déjà à la ligne %(row)s : une "
                    "recommandation ne peut apparaître qu'une fois dans le fichier."
                )
                % {"reference": reference, "row": self.seen[reference]}
            )
        self.seen[reference] = row.number
        recommendation = self.existing.get(reference)
        if recommendation is None:
            raise CellError(
                _(
                    "Référence « %(reference)s » inconnue : laissez la cellule vide pour créer "
                    "une nouvelle recommandation (sa référence sera attribuée), ou corrigez-la."
                )
                % {"reference": value}
            )
        if recommendation.meeting_id != self.meeting.pk:
            raise CellError(
                _(
                    "La référence %(reference)s appartient à la session « %(meeting)s », pas à "
                    "la session choisie."
                )
                % {"reference": reference, "meeting": recommendation.meeting.title}
            )
        row.reference, row.recommendation_id = reference, recommendation.pk
        row.existing = recommendation
        row.display["reference"] = reference

    def text(self, row, value):
        if not value:
            raise CellError(_("Le texte de la recommandation est vide."))
        return _within(value, RECOMMENDATION_MAX_CHARS)

    def lead_structure(self, row, value):
        if not value:
            raise CellError(_("La structure pilote est vide : indiquez son sigle ou son nom."))
        structure = self.structures.get(match_key(value))
        if structure is None:
            raise CellError(
                _(
                    "Structure pilote « %(value)s » inconnue : indiquez le sigle (par exemple "
                    "MS) ou le nom complet d'une structure enregistrée sur le portail."
                )
                % {"value": value}
            )
        if not structure.is_active:
            raise CellError(
                _("La structure « %(name)s » n'est plus active : choisissez-en une autre.")
                % {"name": structure.name}
            )
        row.display["lead_structure"] = structure.acronym
        return structure.pk

    def theme(self, row, value):
        if not value:
            raise CellError(
                _("Le thème est vide. Thèmes connus : %(themes)s.") % {"themes": self.known_themes}
            )
        theme = self.themes.get(match_key(value))
        if theme is None or not theme.is_active:
            raise CellError(
                _("Thème « %(value)s » inconnu. Thèmes connus : %(themes)s.")
                % {"value": value, "themes": self.known_themes}
            )
        row.display["theme"] = theme.name
        return theme.pk

    def due_date(self, row, value):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        for date_format in DATE_FORMATS:
            try:
                return datetime.strptime(cell_text(value), date_format).date()
            except ValueError:
                continue
        raise CellError(
            _(
                "Échéance « %(value)s » invalide : écrivez une date au format JJ/MM/AAAA (par "
                "exemple 30/06/2022) ou AAAA-MM-JJ."
            )
            % {"value": cell_text(value)}
        )

    def status(self, row, value):
        code = self.statuses.get(match_key(value))
        if code is None:
            raise CellError(
                _("Statut « %(value)s » inconnu : écrivez l'un de ces statuts : %(statuses)s.")
                % {"value": value, "statuses": ", ".join(str(label) for label in Status.labels)}
            )
        row.display["status"] = Status(code).label
        return code

    def progress(self, row, value):
        number = value
        if isinstance(value, str):
            digits = value.strip().removesuffix("%").strip()
            number = int(digits) if digits.isascii() and digits.isdigit() else None
        if (
            isinstance(number, bool)
            or not isinstance(number, int | float)
            or number != int(number)
            or not 0 <= number <= 100
        ):
            raise CellError(
                _(
                    "Avancement « %(value)s » invalide : indiquez un pourcentage entier entre 0 "
                    "et 100, par exemple 50."
                )
                % {"value": cell_text(value)}
            )
        return int(number)

    def status_reason(self, row, value):
        return _within(value, TEXT_MAX_CHARS)

    def check(self, number, cells, columns):
        row = PreviewRow(number=number)
        values = {
            name: cells[index] if index < len(cells) else None for name, index in columns.items()
        }
        row.display["reference"] = cell_text(values.get("reference"))
        if row.display["reference"]:
            self._run(row, "reference", cell_text(values["reference"]))
        for name in ("text", "lead_structure", "theme", "due_date", "status", "progress"):
            raw = values.get(name)
            row.display[name] = cell_text(raw)
            # Optional cells left empty keep the default, or the current value of an update.
            if name in REQUIRED_COLUMNS or cell_text(raw):
                parse_value = raw if name in ("due_date", "progress") else cell_text(raw)
                self._run(row, name, parse_value)
        self._show_kept_values(row)
        if cell_text(values.get("status_reason")):
            row.fields["status_reason"] = cell_text(values["status_reason"])
        self._check_reason(row)
        self._check_implemented(row)
        return row

    def _show_kept_values(self, row):
        """Empty optional cells show what the recommendation will hold: its current value, or
        the default for a new one."""
        if row.errors:
            return
        existing = row.existing
        if "status" not in row.fields:
            row.display["status"] = (
                existing.get_status_display() if existing else Status.NOT_STARTED.label
            )
        if "progress" not in row.fields:
            row.display["progress"] = existing.progress if existing else 0
        if "due_date" not in row.fields and existing and existing.due_date:
            row.display["due_date"] = formatted(existing.due_date, "date_numeric")

    def _run(self, row, name, value):
        try:
            result = getattr(self, name)(row, value)
        except CellError as error:
            row.errors.append(str(error))
        else:
            if name != "reference":
                row.fields[name] = result
                if name == "due_date":
                    row.display[name] = formatted(result, "date_numeric")
                elif name == "progress":
                    row.display[name] = result

    def _check_implemented(self, row):
        """The import sets "implemented" under the rule of the edit form: only with a validated
        piece of evidence, and then at 100 %."""
        if row.fields.get("status") != Status.IMPLEMENTED:
            return
        existing = row.existing
        if existing is None or (
            existing.status != Status.IMPLEMENTED and existing.pk not in self.evidenced
        ):
            row.errors.extend(implemented_needs_evidence_error().messages)
        elif not row.errors:
            row.display["progress"] = 100

    def _check_reason(self, row):
        existing = row.existing
        status = row.fields.get("status", existing.status if existing else Status.NOT_STARTED)
        reason = row.fields.get("status_reason", existing.status_reason if existing else "")
        if status in (Status.ABANDONED, Status.BLOCKED) and not reason.strip():
            row.errors.append(
                _(
                    "Le statut « %(status)s » demande un motif : ajoutez une colonne « motif » "
                    "qui dit pourquoi la recommandation est abandonnée ou ce qui la bloque."
                )
                % {"status": Status(status).label}
            )


def import_preview(*, file, extension, meeting):
    """Read an .xlsx or .csv file and check every row for ``meeting``, writing nothing.

    A problem with the file as a whole (unreadable, required columns missing) raises
    ValidationError; each row's problems are listed on that row of the preview."""
    rows = read_rows(file, extension)
    if not rows:
        raise ValidationError(_("Le fichier est vide."), code="empty")
    (_header_number, header), data = rows[0], rows[1:]
    columns, ignored = map_columns(header)
    if not data:
        raise ValidationError(
            _(
                "Le fichier ne contient que la ligne d'en-têtes : ajoutez une ligne par "
                "recommandation."
            ),
            code="no_rows",
        )
    if len(data) > reading.MAX_ROWS:
        raise ValidationError(
            _("Le fichier compte plus de %(max)s lignes : découpez-le en plusieurs fichiers.")
            % {"max": reading.MAX_ROWS},
            code="too_many_rows",
        )
    references = {
        cell_text(cells[columns["reference"]]).upper()
        for _number, cells in data
        if "reference" in columns and columns["reference"] < len(cells)
    }
    checker = _Checker(meeting=meeting, references=references - {""})
    return Preview(
        rows=[checker.check(number, cells, columns) for number, cells in data],
        ignored_columns=ignored,
    )
