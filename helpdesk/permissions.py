"""Who may do what in the helpdesk (DESIGN.md, "Roles and what they may do")."""

from accounts.permissions import has_role
from accounts.roles import Role


def sees_whole_queue(user):
    """ANPTIC agents (and superusers) work the whole queue."""
    return bool(user.is_authenticated and (user.is_superuser or has_role(user, Role.ANPTIC_AGENT)))


def is_agent(user):
    return sees_whole_queue(user)


def uses_helpdesk(user):
    """The helpdesk's pages open to those who work the queue and to the DSIs (their tickets)."""
    return is_agent(user) or has_role(user, Role.DSI)


def can_file_ticket(user):
    return bool(user.is_authenticated and has_role(user, Role.DSI) and user.structure_id)


def can_read_statistics(user):
    return bool(
        user.is_authenticated
        and (user.is_superuser or has_role(user, Role.ANPTIC_AGENT, Role.SECRETARY_GENERAL))
    )


def follows_structure_tickets(user):
    """A DSI follows every ticket of their structure (other roles only their own)."""
    return bool(user.is_authenticated and has_role(user, Role.DSI) and user.structure_id)


def is_requester_side(user, ticket):
    """The requester and the DSIs of the requester's structure follow the ticket."""
    if not user.is_authenticated or is_agent(user):
        return False
    if ticket.requester_id == user.pk:
        return True
    return follows_structure_tickets(user) and user.structure_id == ticket.structure_id


def can_manage_canned_replies(user):
    """The helpdesk supervisors keep the canned replies: the agents flagged "superviseur du
    helpdesk" (as ``User.objects.helpdesk_supervisors()`` lists them), and superusers, who may
    edit them in the admin anyway."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or (is_agent(user) and user.is_helpdesk_supervisor))
    )
