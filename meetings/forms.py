from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from accounts.models import KIND_GROUP_LABELS, Structure, User
from core.forms import Checklist, ChoiceLabels, ModelMultipleIdsField
from core.markdown import render_markdown
from core.pdf import pdf_fits
from core.text import MINUTES_MAX_CHARS, long_text_field, name_field
from core.uploads import UploadField

from .models import AgendaItem, Invitation, Meeting, SharedService, Situation
from .models.meetings import NEWEST_FIRST
from .selectors import delegation_candidates
from .services.meetings import EDITABLE_FIELDS

# The share of a PDF's budget the minutes' text may take: the agenda, the attendance list of a
# hundred invitees and the sections (implementation report) take the rest.
MINUTES_PDF_SHARE = 0.6

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
# Dates outside these years are typing errors (0001, 9999), and at the edge of what dates can
# hold a meeting's computed end overflows its calendar entry.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def sensible_year(value):
    if value and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            _("Indiquez une date entre %(first)s et %(last)s."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


def people():
    return (
        User.objects.filter(is_active=True)
        .select_related("structure")
        .order_by("last_name", "first_name")
    )


class MeetingForm(ChoiceLabels, forms.ModelForm):
    empty_labels = {"follows_up": _("— Aucune (première session) —")}

    class Meta:
        model = Meeting
        fields = EDITABLE_FIELDS
        widgets = {"starts_at": DATETIME_WIDGET, "ends_at": DATETIME_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].validators.append(sensible_year)
        self.fields["chair"].queryset = people()
        self.fields["moderator"].queryset = people()
        follows_up = Meeting.objects.exclude(status=Meeting.Status.CANCELLED).order_by(
            *NEWEST_FIRST
        )
        if self.instance.pk:
            follows_up = follows_up.exclude(pk=self.instance.pk)
            if self.instance.starts_at:
                # Once dated, a meeting changes date through "Reporter", which keeps history.
                del self.fields["starts_at"]
                del self.fields["ends_at"]
        self.fields["follows_up"].queryset = follows_up


class PostponeForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Nouveau début"), widget=DATETIME_WIDGET, validators=[sensible_year]
    )
    ends_at = forms.DateTimeField(
        label=_("Nouvelle fin"), widget=DATETIME_WIDGET, required=False, validators=[sensible_year]
    )
    reason = long_text_field(_("Motif du report"), rows=3, required=False)


class CancelForm(forms.Form):
    reason = long_text_field(_("Motif de l'annulation"), rows=3)


class AgendaItemForm(ChoiceLabels, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "presenter_structure", "duration_minutes", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = people()
        self.fields["presenter_structure"].queryset = Structure.objects.active()


class StructureChoices(ModelMultipleIdsField):
    """Structures as "ACRONYME — Nom"; each option's instance says whether one of its DSIs
    has an account (``has_dsi_account``), which the invitation form shows."""

    def label_from_instance(self, obj):
        return f"{obj.acronym} — {obj.name}"


class PeopleChoices(ModelMultipleIdsField):
    """People as "Nom Prénom — ACRONYME", so that namesakes of two structures differ."""

    def label_from_instance(self, obj):
        name = " ".join(part for part in (obj.last_name, obj.first_name) if part) or obj.email
        return f"{name} — {obj.structure.acronym}" if obj.structure_id else name


class InviteForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Groupes de structures"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chaque structure du groupe est invitée : ses DSI, ou la structure elle-même."),
    )
    structures = StructureChoices(
        label=_("Structures"),
        queryset=Structure.objects.none(),
        required=False,
        widget=Checklist(filter_label=_("Filtrer par sigle ou nom")),
        help_text=_(
            "Les DSI de chaque structure cochée sont invités. Une structure sans compte sur le "
            "portail est invitée comme structure : sa présence se note au registre."
        ),
    )
    users = PeopleChoices(
        label=_("Personnes"),
        queryset=User.objects.none(),
        required=False,
        widget=Checklist(filter_label=_("Filtrer par nom ou structure")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sizes = dict(
            Structure.objects.active()
            .order_by()
            .values("kind")
            .annotate(count=Count("pk"))
            .values_list("kind", "count")
        )
        self.fields["kinds"].choices = [
            (kind, f"{label} ({sizes.get(kind, 0)})") for kind, label in KIND_GROUP_LABELS.items()
        ]
        self.fields["structures"].queryset = (
            Structure.objects.active().with_dsi_account().order_by("acronym")
        )
        self.fields["users"].queryset = people()

    def clean(self):
        data = super().clean()
        if not (data.get("kinds") or data.get("structures") or data.get("users")):
            raise forms.ValidationError(
                _("Choisissez au moins un groupe, une structure ou une personne.")
            )
        return data


class ReplyForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Répondre"),
        choices=[
            (Invitation.Response.ATTENDING, _("Je participerai")),
            (Invitation.Response.DECLINED, _("Je ne participerai pas")),
            (Invitation.Response.DELEGATED, _("Je délègue à un collègue")),
        ],
        widget=forms.RadioSelect,
    )
    delegate = forms.ModelChoiceField(
        label=_("Collègue délégué"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choisir un collègue (en cas de délégation)"),
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        colleagues = delegation_candidates(invitation)
        if colleagues.exists():
            self.fields["delegate"].queryset = colleagues
        else:
            # Nobody to hand the seat to: the choice is not offered.
            del self.fields["delegate"]
            self.fields["response"].choices = [
                choice
                for choice in self.fields["response"].choices
                if choice[0] != Invitation.Response.DELEGATED
            ]


class AddLateForm(ChoiceLabels, forms.Form):
    user = forms.ModelChoiceField(
        label=_("Personne présente non invitée"), queryset=User.objects.none()
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people().exclude(invitations__meeting=meeting)


class MinutesForm(forms.Form):
    body = long_text_field(
        _("Compte rendu (Markdown)"),
        rows=18,
        attrs={"class": "font-monospace"},
        max_chars=MINUTES_MAX_CHARS,
        help_text=_(
            "Titres avec #, listes avec -, gras avec **texte**. Le HTML n'est pas interprété."
        ),
    )

    def __init__(self, *args, correcting=False, **kwargs):
        """``correcting``: the minutes are published, and the new text is a correction that
        says why (``services.minutes_correct``)."""
        super().__init__(*args, **kwargs)
        if correcting:
            self.fields["correction_reason"] = name_field(
                _("Motif de la correction"),
                max_length=255,
                help_text=_(
                    "Une phrase, envoyée aux invités avec l'annonce de la correction : "
                    "« Erreur sur le nombre de participants »."
                ),
            )

    def clean_body(self):
        """Minutes are printed: what the form accepts, its PDF lays out within the budget
        (core.pdf), the agenda and the attendance list around it included."""
        body = self.cleaned_data["body"]
        if not pdf_fits(render_markdown(body), share=MINUTES_PDF_SHARE):
            raise ValidationError(
                _(
                    "Ce compte rendu est trop long pour être imprimé en PDF : ses tableaux ou "
                    "ses listes comptent trop de lignes. Scindez les grands tableaux, ou "
                    "joignez-les à la réunion comme document, puis enregistrez à nouveau."
                ),
                code="too_long_for_pdf",
            )
        return body


class DocumentForm(forms.Form):
    title = name_field(
        _("Titre"),
        max_length=255,
        required=False,
        help_text=_("Par défaut, le nom du fichier."),
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Point de l'ordre du jour"),
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label=_("La réunion dans son ensemble"),
    )
    file = UploadField(label=_("Fichier"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class SituationForm(forms.ModelForm):
    class Meta:
        model = Situation
        fields = [
            "staff_engineers",
            "staff_technicians",
            "staff_other",
            *[service.value for service in SharedService],
            "difficulties",
            "proposals",
        ]
        widgets = {
            "difficulties": forms.Textarea(attrs={"rows": 4}),
            "proposals": forms.Textarea(attrs={"rows": 4}),
            **{service.value: forms.RadioSelect for service in SharedService},
        }
