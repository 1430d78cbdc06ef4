from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import ChoiceLabels, ModelMultipleIdsField, list_choices
from core.text import long_text_field, name_field
from core.uploads import MultipleUploadField
from recommendations.models import Recommendation
from recommendations.selectors import recommendation_ids_of_structure

from .models import TRANSITIONS, Category, Priority, Status, Ticket
from .selectors import helpdesk_agents

ATTACHMENTS_HELP = _("PDF, documents Office, images ou texte. Plusieurs fichiers possibles.")


def _attachments():
    return MultipleUploadField(
        label=_("Pièces jointes"), required=False, help_text=ATTACHMENTS_HELP
    )


class PriorityField(forms.ModelChoiceField):
    """Priorities offered with the deadlines they promise."""

    def label_from_instance(self, obj):
        return obj.with_deadlines()


class TicketForm(ChoiceLabels, forms.Form):
    empty_labels = {"recommendation": _("— Aucune —")}

    title = name_field(_("Objet"), max_length=200)
    description = long_text_field(
        _("Description"),
        rows=6,
        help_text=_("Ce qui ne fonctionne pas, depuis quand, pour qui, et le message d'erreur."),
    )
    category = forms.ModelChoiceField(label=_("Catégorie"), queryset=Category.objects.none())
    priority = PriorityField(label=_("Priorité"), queryset=Priority.objects.all())
    attachments = _attachments()
    recommendation = forms.ModelChoiceField(
        label=_("Recommandation liée (facultatif)"),
        queryset=Recommendation.objects.none(),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)
        # Only what the DSI's structure leads or contributes to.
        self.fields["recommendation"].queryset = Recommendation.objects.filter(
            pk__in=recommendation_ids_of_structure(user.structure_id)
        )


class ReplyForm(forms.Form):
    canned = forms.ChoiceField(label=_("Réponse type"), required=False)
    body = long_text_field(_("Message"), rows=5)
    is_internal = forms.BooleanField(
        label=_("Note interne (visible des seuls agents, jamais envoyée au demandeur)"),
        required=False,
    )
    attachments = _attachments()
    then_status = forms.ChoiceField(
        label=_("Puis passer la demande au statut"), required=False, choices=()
    )

    def __init__(self, *args, agent, canned_replies=(), next_statuses=(), **kwargs):
        """``next_statuses``: where the ticket may move now (``ticket_actions``), offered to
        agents after the reply; none for the requester's side."""
        super().__init__(*args, **kwargs)
        self.agent, self.canned_replies = agent, list(canned_replies)
        self.next_statuses = list(next_statuses)
        if agent and self.next_statuses:
            self.fields["then_status"].choices = [("", _("— Statut inchangé —"))] + [
                (status.value, status.label) for status in self.next_statuses
            ]
        else:
            del self.fields["then_status"]
        self.canned_texts = {str(reply.pk): reply.body for reply in canned_replies}
        if agent and canned_replies:
            self.fields["canned"].choices = [("", "—")] + [
                (str(reply.pk), reply.title) for reply in canned_replies
            ]
        else:
            del self.fields["canned"]
        if not agent:
            del self.fields["is_internal"]

    def with_canned_reply(self):
        """The picker's fallback without JavaScript: the same form, unbound, with the chosen
        canned reply appended to what was typed."""
        typed = self.data.get("body", "").rstrip()
        chosen = self.canned_texts.get(self.data.get("canned", ""), "")
        return ReplyForm(
            agent=self.agent,
            canned_replies=self.canned_replies,
            next_statuses=self.next_statuses,
            initial={
                "body": "\n\n".join(part for part in (typed, chosen) if part),
                "is_internal": bool(self.data.get("is_internal")),
                "then_status": self.data.get("then_status", ""),
            },
        )

    def status_after(self):
        """The status asked for after the reply, or None."""
        chosen = self.cleaned_data.get("then_status")
        return Status(chosen) if chosen else None


class CannedReplyForm(forms.Form):
    title = name_field(_("Titre"), max_length=150)
    body = long_text_field(
        _("Texte"),
        rows=8,
        help_text=_("Le texte inséré dans la réponse, que l'agent peut compléter avant l'envoi."),
    )
    is_active = forms.BooleanField(
        label=_("Proposée aux agents"),
        required=False,
        help_text=_("Décochez pour la retirer de la liste sans la supprimer."),
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Confier à"), queryset=None, required=False, empty_label=_("— Personne —")
    )

    def __init__(self, *args, agents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = agents


class TriageForm(forms.Form):
    """An agent's triage: the ticket's priority and category, shown with their current values."""

    priority = forms.ModelChoiceField(
        label=_("Priorité"), queryset=Priority.objects.all(), empty_label=None
    )
    category = forms.ModelChoiceField(
        label=_("Catégorie"), queryset=Category.objects.none(), empty_label=None
    )

    def __init__(self, *args, ticket, **kwargs):
        kwargs.setdefault(
            "initial", {"priority": ticket.priority_id, "category": ticket.category_id}
        )
        kwargs.setdefault("auto_id", "triage-%s")
        super().__init__(*args, **kwargs)
        self.ticket = ticket
        # An inactive category stays listed while a ticket still has it.
        self.fields["category"].queryset = Category.objects.filter(
            Q(is_active=True) | Q(pk=ticket.category_id)
        )

    def changes(self):
        """The triage service's arguments: only what differs from the ticket (None otherwise)."""
        priority, category = self.cleaned_data["priority"], self.cleaned_data["category"]
        return {
            "priority": priority if priority.pk != self.ticket.priority_id else None,
            "category": category if category.pk != self.ticket.category_id else None,
        }


class StatusForm(forms.Form):
    # Every status: the transition service, not the form, refuses an illegal move.
    status = forms.ChoiceField(label=_("Nouveau statut"), choices=Status.choices)


class MergeForm(forms.Form):
    into = forms.CharField(label=_("Référence de la demande à conserver"), max_length=20)

    def clean_into(self):
        return self.cleaned_data["into"].strip().upper()


RATINGS = [
    (1, _("1 — Très insatisfait")),
    (2, _("2 — Insatisfait")),
    (3, _("3 — Moyennement satisfait")),
    (4, _("4 — Satisfait")),
    (5, _("5 — Très satisfait")),
]


class RatingForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("Votre note"), choices=RATINGS, coerce=int, widget=forms.RadioSelect
    )
    comment = long_text_field(_("Commentaire (facultatif)"), rows=2, required=False)


ASSIGN, CHANGE_STATUS = "assign", "status"
# The statuses a move can lead to: none leads back to "new".
REACHABLE_STATUSES = [s for s in Status if any(s in moves for moves in TRANSITIONS.values())]


class BulkActionForm(forms.Form):
    """The queue's bulk actions on the checked tickets: assign them, or change their status."""

    tickets = ModelMultipleIdsField(
        queryset=Ticket.objects.none(),
        error_messages={"required": _("Cochez au moins une demande.")},
    )
    action = forms.ChoiceField(choices=[(ASSIGN, ASSIGN), (CHANGE_STATUS, CHANGE_STATUS)])
    assignee = forms.ModelChoiceField(
        label=_("Confier à"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Choisir un agent"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = forms.ChoiceField(
        label=_("Passer au statut"),
        choices=[("", _("Choisir un statut"))] + [(s.value, s.label) for s in REACHABLE_STATUSES],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, viewer, agents=None, **kwargs):
        """``agents``: ``helpdesk_agents()`` already loaded by the page, drawn without a query
        of the select's own (what is sent is still checked against the database)."""
        super().__init__(*args, **kwargs)
        self.fields["tickets"].queryset = Ticket.objects.visible_to(viewer)
        self.fields["assignee"].queryset = helpdesk_agents()
        if agents is not None:
            list_choices(self.fields["assignee"], agents)

    def clean(self):
        data = super().clean()
        if data.get("action") == ASSIGN and not data.get("assignee"):
            self.add_error("assignee", _("Choisissez l'agent à qui confier les demandes."))
        if data.get("action") == CHANGE_STATUS and not data.get("status"):
            self.add_error("status", _("Choisissez le nouveau statut."))
        return data
