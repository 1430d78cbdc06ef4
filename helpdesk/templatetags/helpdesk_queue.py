"""``{% queue_rows tickets %}``: the rows of the agents' queue (helpdesk/_queue_table.html).

Written in Python rather than in the template: each row held a dozen tags (a link, five
translated column names, the badges, two dates), and the 25 rows of a page took a third of its
rendering (issue 18's profile of the load run). The markup is the template's, cell for cell:
every text from a ticket is escaped by ``format_html``; what is the same on every row (the
column names, the address of a ticket) is worked out once a page.
"""

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.formats import formatted

from .helpdesk_sla import sla_badge, status_badge

register = template.Library()

# Stands for the reference in the address reversed once a page; never a ticket's reference
# (those are letters, digits and hyphens, helpdesk.services).
_REFERENCE = "~reference~"
# What ``reverse`` leaves unquoted in a path (django.urls.resolvers).
_SAFE_IN_PATH = "!$&'()*+,;=/~:@"

_ROW = (
    "\n  <tr>"
    '\n    <td class="table-stack-select"><input class="form-check-input" type="checkbox"'
    ' name="tickets" value="{pk}" id="ticket-{pk}" aria-label="{select}"></td>'
    '\n    <td class="text-nowrap table-stack-title"><a href="{url}">{reference}</a></td>'
    '\n    <td>{title}<div class="small text-body-secondary">{acronym}</div></td>'
    '\n    <td data-label="{category_label}">{category}</td>'
    '\n    <td data-label="{priority_label}">{priority}</td>'
    '\n    <td data-label="{status_label}">{status}</td>'
    '\n    <td data-label="{agent_label}">{agent}</td>'
    '\n    <td class="text-nowrap" data-label="{due_label}">{due}<div>{sla}</div></td>'
    '\n    <td class="text-nowrap" data-label="{updated_label}">{updated}</td>'
    "\n  </tr>\n  "
)


@register.simple_tag
def queue_rows(tickets):
    """The ``<tr>`` of each ticket (from ``tickets_for_queue``: annotated with its SLA state,
    its structure, category, priority and agent joined)."""
    address = reverse("helpdesk:ticket", args=[_REFERENCE])
    labels = {
        "category_label": _("Catégorie"),
        "priority_label": _("Priorité"),
        "status_label": _("Statut"),
        "agent_label": _("Agent"),
        "due_label": _("Résolution attendue"),
        "updated_label": _("Mise à jour"),
    }
    unassigned = format_html('<span class="text-body-secondary">{}</span>', _("Non assignée"))
    badges = {}  # the same few badges on every page: drawn once each

    def badge(draw, key, value):
        if key not in badges:
            badges[key] = draw(value)
        return badges[key]

    rows = (
        {
            **labels,
            "pk": ticket.pk,
            "select": _("Sélectionner %(reference)s") % {"reference": ticket.reference},
            "url": address.replace(_REFERENCE, quote(ticket.reference, safe=_SAFE_IN_PATH)),
            "reference": ticket.reference,
            "title": ticket.title,
            "acronym": ticket.structure.acronym,
            "category": ticket.category.name,
            "priority": ticket.priority.name,
            "status": badge(status_badge, ("status", ticket.status), ticket),
            "agent": unassigned if ticket.assignee is None else str(ticket.assignee),
            "due": formatted(ticket.resolution_due_at, "datetime_short"),
            "sla": badge(sla_badge, ("sla", ticket.sla), ticket.sla),
            "updated": formatted(ticket.updated_at, "datetime_short"),
        }
        for ticket in tickets
    )
    return SafeString("".join(format_html(_ROW, **row) for row in rows))
