from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Structure, User
from core.formats import formatted
from core.forms import Checklist, ChoiceLabels
from core.text import long_text_field
from core.uploads import MultipleUploadField, UploadField
from meetings.forms import StructureChoices
from meetings.models import AgendaItem

from .models import Evidence, Recommendation, Status, Theme
from .selectors import sessions_adopting_recommendations

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgendaItemSelect(forms.Select):
    """The agenda items, each option naming its session (``data-meeting``) so that
    static/js/agenda_items.js offers only the chosen session's; the form checks it anyway."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        item = getattr(value, "instance", None)
        if item is not None:
            option["attrs"]["data-meeting"] = str(item.meeting_id)
        return option


def _agenda_item_label(item):
    return f"{item.meeting.title} — {item.title}"


class RecommendationForm(ChoiceLabels, forms.ModelForm):
    empty_labels = {"agenda_item": _("— La session dans son ensemble —")}

    meeting = forms.ModelChoiceField(
        label=_("Session"), queryset=sessions_adopting_recommendations()
    )
    contributors = StructureChoices(
        label=_("Structures contributrices"),
        queryset=Structure.objects.active().order_by("acronym"),
        required=False,
        widget=Checklist(filter_label=_("Filtrer par sigle ou nom")),
    )

    class Meta:
        model = Recommendation
        fields = [
            "meeting",
            "agenda_item",
            "text",
            "theme",
            "lead_structure",
            "contributors",
            "focal_person",
            "priority",
            "due_date",
            "status",
            "status_reason",
            "progress",
        ]
        widgets = {
            "due_date": DATE_WIDGET,
            "text": forms.Textarea(attrs={"rows": 4}),
            "agenda_item": AgendaItemSelect(attrs={"data-session-field": "id_meeting"}),
        }

    def __init__(self, *args, session=None, **kwargs):
        """``session``: the session the form was opened from (its page's link), whose agenda
        items alone are offered."""
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(is_active=True)
        self.fields["lead_structure"].queryset = Structure.objects.active()
        items = AgendaItem.objects.select_related("meeting").order_by(
            "-meeting__starts_at", "meeting_id", "position"
        )
        fixed = self.instance.meeting if self.instance.pk else session
        if fixed is not None:
            items = items.filter(meeting=fixed)
            if not self.instance.pk:
                self.initial["meeting"] = fixed.pk
        self.fields["agenda_item"].queryset = items
        self.fields["agenda_item"].label_from_instance = _agenda_item_label
        self.fields["focal_person"].queryset = User.objects.filter(is_active=True).select_related(
            "structure"
        )
        if self.instance.pk:
            # The session fixes the reference; it cannot change afterwards.
            del self.fields["meeting"]
            self.initial["contributors"] = list(self.instance.contributors.all())

    def clean(self):
        """An agenda item belongs to the recommendation's session (the service checks it too)."""
        data = super().clean()
        item = data.get("agenda_item")
        session = self.instance.meeting if self.instance.pk else data.get("meeting")
        if item is not None and session is not None and item.meeting_id != session.pk:
            self.add_error(
                "agenda_item",
                _(
                    "Ce point appartient à une autre session (« %(session)s ») : choisissez un "
                    "point de la session de la recommandation."
                )
                % {"session": item.meeting.title},
            )
        return data


class UpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Nouveau statut"), choices=Status.choices)
    progress = forms.IntegerField(label=_("Avancement (%)"), min_value=0, max_value=100)
    comment = long_text_field(_("Ce qui a été fait"), rows=4)
    status_reason = long_text_field(_("Motif (si abandonnée ou bloquée)"), rows=2, required=False)
    evidence = MultipleUploadField(
        label=_("Pièces justificatives"),
        required=False,
        help_text=_(
            "Obligatoire pour déclarer la recommandation mise en œuvre. "
            "PDF, documents Office, images."
        ),
    )


class ResubmitForm(UpdateForm):
    """A rejected update, corrected: it starts from what was sent, and keeps its files unless
    unticked."""

    kept = forms.ModelMultipleChoiceField(
        label=_("Pièces justificatives déjà jointes, à conserver"),
        queryset=Evidence.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, rejected, **kwargs):
        evidence = list(rejected.evidence.order_by("pk"))
        kwargs.setdefault(
            "initial",
            {
                "status": rejected.status,
                "progress": rejected.progress,
                "comment": rejected.comment,
                "status_reason": rejected.status_reason,
                "kept": [e.pk for e in evidence],
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["kept"].queryset = rejected.evidence.order_by("pk")
        if not evidence:
            del self.fields["kept"]
        self.fields["evidence"].label = _("Nouvelles pièces justificatives")


class RejectForm(forms.Form):
    reason = long_text_field(_("Motif du rejet (envoyé au DSI)"), rows=3)


def _session_label(meeting):
    return f"{meeting.title} ({formatted(meeting.starts_at, 'date')})"


class ImportForm(ChoiceLabels, forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Session"),
        queryset=sessions_adopting_recommendations(),
        help_text=_(
            "La session qui a adopté ces recommandations : les nouvelles reçoivent une "
            "référence de cette session (R-année-rang-numéro)."
        ),
    )
    file = UploadField(
        label=_("Fichier Excel (.xlsx) ou CSV"),
        extensions=["xlsx", "csv"],
        help_text=_(
            "Première ligne : les en-têtes référence, texte, structure pilote, thème, échéance, "
            "statut, avancement (et motif pour une recommandation abandonnée ou bloquée). "
            "Référence vide : la recommandation est créée ; référence existante : elle est mise "
            "à jour."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].label_from_instance = _session_label
