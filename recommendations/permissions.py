"""Who may do what with recommendations (DESIGN.md, "Roles and what they may do")."""

from accounts.permissions import has_role, is_coordination
from accounts.roles import Role


def can_manage_recommendations(user):
    """Create, edit, validate, import and produce reports: the Secretariat."""
    return bool(user.is_authenticated and (user.is_superuser or has_role(user, Role.SECRETARIAT)))


def can_read_dashboard(user):
    return is_coordination(user)


def can_propose_update(user, recommendation):
    """A DSI reports on the recommendations their structure leads or contributes to; the
    Secretariat reports on any."""
    if can_manage_recommendations(user):
        return True
    if not has_role(user, Role.DSI) or user.structure_id is None:
        return False
    if recommendation.lead_structure_id == user.structure_id:
        return True
    return recommendation.contributors.filter(pk=user.structure_id).exists()
