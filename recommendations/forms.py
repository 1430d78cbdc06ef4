from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Structure, User
from core.uploads import MultipleUploadField
from meetings.models import AgendaItem, Meeting

from .models import Recommendation, Status, Theme

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecommendationForm(forms.ModelForm):
    meeting = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Meeting.objects.exclude(starts_at=None).order_by("-starts_at", "-pk"),
    )
    contributors = forms.ModelMultipleChoiceField(
        label=_("Structures contributrices"),
        queryset=Structure.objects.active(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
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
        widgets = {"due_date": DATE_WIDGET, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(is_active=True)
        self.fields["lead_structure"].queryset = Structure.objects.active()
        self.fields["agenda_item"].queryset = AgendaItem.objects.select_related("meeting").order_by(
            "-meeting__starts_at", "position"
        )
        self.fields["focal_person"].queryset = User.objects.filter(is_active=True).select_related(
            "structure"
        )
        if self.instance.pk:
            # The session fixes the reference; it cannot change afterwards.
            del self.fields["meeting"]
            self.initial["contributors"] = list(self.instance.contributors.all())


class UpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Nouveau statut"), choices=Status.choices)
    progress = forms.IntegerField(label=_("Avancement (%)"), min_value=0, max_value=100)
    comment = forms.CharField(
        label=_("Ce qui a été fait"), widget=forms.Textarea(attrs={"rows": 4})
    )
    status_reason = forms.CharField(
        label=_("Motif (si abandonnée ou bloquée)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence = MultipleUploadField(
        label=_("Pièces justificatives"),
        required=False,
        help_text=_(
            "Obligatoire pour déclarer la recommandation mise en œuvre. "
            "PDF, documents Office, images."
        ),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du rejet (envoyé au DSI)"), widget=forms.Textarea(attrs={"rows": 3})
    )
