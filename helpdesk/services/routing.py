"""Where a ticket goes: the agent who gets it and the agents who hear of it."""

from accounts.models import User

from ..permissions import is_agent


def routed_assignee(category):
    """The category's default assignee if they are an active agent; otherwise nobody, and the
    category's team hears of the ticket. A DSI set there by mistake never gets another
    structure's ticket."""
    assignee = category.default_assignee
    if assignee is not None and assignee.is_active and is_agent(assignee):
        return assignee
    return None


def agent_recipients(ticket):
    """The agents who hear of a ticket (new, answered by its requester, reopened): its agent;
    else its category's routing (default assignee and team, active agents only, never a DSI);
    else, when the category routes nowhere, every active agent and the helpdesk supervisors,
    so that no ticket reaches nobody."""
    if ticket.assignee_id and ticket.assignee.is_active:
        return [ticket.assignee]
    people = {
        user.pk: user
        for user in User.objects.helpdesk_agents().filter(helpdesk_categories=ticket.category_id)
    }
    default = routed_assignee(ticket.category)
    if default is not None:
        people[default.pk] = default
    if not people:
        for user in [*User.objects.helpdesk_agents(), *User.objects.helpdesk_supervisors()]:
            people[user.pk] = user
    return list(people.values())
