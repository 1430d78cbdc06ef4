"""``{% queue_rows tickets %}``: the rows of the agents' queue (helpdesk/_queue_table.html).

Written in Python rather than in the template: each row held a dozen tags (a link, five
translated column names, the badges, two dates), and the 25 rows of a page took a third of its
rendering (issue 18's profile). The markup is the template's, cell for cell
(tests/helpdesk/test_queue_rows.py holds the two together): every text from a ticket is
escaped; what is the same on every row (the column names, the address of a ticket, the badges)
is worked out once a page.
"""

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
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
    escape = conditional_escape
    # The same on every row: escaped once.
    labels = {
        "category_label": escape(_("Catégorie")),
        "priority_label": escape(_("Priorité")),
        "status_label": escape(_("Statut")),
        "agent_label": escape(_("Agent")),
        "due_label": escape(_("Résolution attendue")),
        "updated_label": escape(_("Mise à jour")),
    }
    unassigned = format_html('<span class="text-body-secondary">{}</span>', _("Non assignée"))
    badges = {}  # the same few badges on every page: drawn once each

    def badge(draw, key, value):
        if key not in badges:
            badges[key] = draw(value)
        return badges[key]

    return SafeString(
        "".join(
            _ROW.format(
                **labels,
                pk=escape(ticket.pk),
                select=escape(_("Sélectionner %(reference)s") % {"reference": ticket.reference}),
                url=escape(
                    address.replace(_REFERENCE, quote(ticket.reference, safe=_SAFE_IN_PATH))
                ),
                reference=escape(ticket.reference),
                title=escape(ticket.title),
                acronym=escape(ticket.structure.acronym),
                category=escape(ticket.category.name),
                priority=escape(ticket.priority.name),
                status=badge(status_badge, ("status", ticket.status), ticket),
                agent=unassigned if ticket.assignee is None else escape(str(ticket.assignee)),
                due=escape(formatted(ticket.resolution_due_at, "datetime_short")),
                sla=badge(sla_badge, ("sla", ticket.sla), ticket.sla),
                updated=escape(formatted(ticket.updated_at, "datetime_short")),
            )
            for ticket in tickets
        )
    )
