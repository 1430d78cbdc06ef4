"""Who may do what with recommendations (DESIGN.md, "Roles and what they may do")."""

from accounts.permissions import has_role, is_coordination
from accounts.roles import Role
from meetings.permissions import is_participant

from .models import StatusUpdate


def can_manage_recommendations(user):
    """Create, edit, validate, import and produce reports: the Secretariat."""
    return bool(user.is_authenticated and (user.is_superuser or has_role(user, Role.SECRETARIAT)))


def can_read_dashboard(user):
    return is_coordination(user)


def can_read_report(user, meeting):
    """A session's implementation report (PDF and XLSX) is for its participants, coordination
    among them: the DSIs invited to it need it before the follow-up meeting. It shows only
    validated updates (``can_read_update`` lets every reader see those)."""
    return is_participant(user, meeting)


def can_propose_update(user, recommendation):
    """A DSI reports on the recommendations their structure leads or contributes to; the
    Secretariat reports on any."""
    if can_manage_recommendations(user):
        return True
    if not has_role(user, Role.DSI) or user.structure_id is None:
        return False
    return _owns(user, recommendation)


def _owns(user, recommendation):
    """The user's structure leads or contributes to the recommendation (contributors read from
    a prefetch when there is one)."""
    if user.structure_id is None:
        return False
    return recommendation.lead_structure_id == user.structure_id or any(
        structure.pk == user.structure_id for structure in recommendation.contributors.all()
    )


def _from_own_structure(user, update):
    return bool(
        user.structure_id and update.author and update.author.structure_id == user.structure_id
    )


def can_read_update(user, update):
    """A validated update (its comment, its evidence) is for every reader of the
    recommendation; one still pending or rejected is between the structure that sent it and
    coordination: another structure's DSIs, even those sharing the recommendation, do not read
    a report its author's structure has not had validated."""
    if not user.is_authenticated:
        return False
    if update.state == update.State.VALIDATED or is_coordination(user):
        return True
    return _from_own_structure(user, update)


def can_download_evidence(user, update):
    """Evidence goes with its update (``can_read_update``)."""
    return can_read_update(user, update)


def can_see_rejection_reason(user, update):
    """Why an update was rejected is between the Secretariat and the structure that sent it."""
    return can_manage_recommendations(user) or _from_own_structure(user, update)


def can_resubmit_update(user, update, awaiting=None):
    """A rejected update is corrected and sent again by its author's structure, while the
    structure still reports on the recommendation (``can_propose_update``), and only while the
    structure has not followed it with another update
    (``StatusUpdate.objects.awaiting_resubmission``). ``awaiting``: the ids of that queryset
    when the caller has read them for a whole timeline, else one query here."""
    if not (
        update.state == update.State.REJECTED
        and has_role(user, Role.DSI)
        and _from_own_structure(user, update)
        and can_propose_update(user, update.recommendation)
    ):
        return False
    if awaiting is None:
        awaiting = (
            StatusUpdate.objects.awaiting_resubmission(user.structure_id)
            .filter(pk=update.pk)
            .values_list("pk", flat=True)
        )
    return update.pk in set(awaiting)
