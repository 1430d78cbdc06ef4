"""``{% queue_rows %}``: the queue's rows written in Python draw what the template drew, and
escape every text a user typed."""

import pytest
from django.template import Context, Template
from django.utils import translation

from accounts.roles import Role
from helpdesk.selectors import tickets_for_queue, tickets_with_categories_and_priorities
from tests.conftest import make_user

# The rows as the queue's template drew them before issue 18 moved them into Python: the
# reference the tag is held to.
TEMPLATE_ROWS = """{% load i18n formatting helpdesk_sla %}{% for t in tickets %}
  <tr>
    <td class="table-stack-select"><input class="form-check-input" type="checkbox" name="tickets" value="{{ t.pk }}" id="ticket-{{ t.pk }}" aria-label="{% blocktranslate with reference=t.reference %}Sélectionner {{ reference }}{% endblocktranslate %}"></td>
    <td class="text-nowrap table-stack-title"><a href="{% url 'helpdesk:ticket' t.reference %}">{{ t.reference }}</a></td>
    <td>{{ t.title }}<div class="small text-body-secondary">{{ t.structure.acronym }}</div></td>
    <td data-label="{% translate 'Catégorie' %}">{{ t.category.name }}</td>
    <td data-label="{% translate 'Priorité' %}">{{ t.priority.name }}</td>
    <td data-label="{% translate 'Statut' %}">{% status_badge t %}</td>
    <td data-label="{% translate 'Agent' %}">{% if t.assignee %}{{ t.assignee }}{% else %}<span class="text-body-secondary">{% translate "Non assignée" %}</span>{% endif %}</td>
    <td class="text-nowrap" data-label="{% translate 'Résolution attendue' %}">{{ t.resolution_due_at|formatted:"datetime_short" }}<div>{% sla_badge t.sla %}</div></td>
    <td class="text-nowrap" data-label="{% translate 'Mise à jour' %}">{{ t.updated_at|formatted:"datetime_short" }}</td>
  </tr>
  {% endfor %}"""  # noqa: E501 - the template's lines, as they were


def rows(tickets):
    return Template("{% load helpdesk_queue %}{% queue_rows tickets %}").render(
        Context({"tickets": tickets})
    )


@pytest.fixture
def queue(cast, make_ticket, still_clock):
    """Karim's queue: a ticket of his, an unassigned one with markup in its title, and one
    given to an agent whose name holds markup."""
    network = make_ticket('Coupure <b>réseau</b> & "VPN"', requester=cast.dsi_education)
    network.assignee = None
    network.save(update_fields=["assignee"])
    odd = make_user("odd@anptic.bf", cast.anptic, Role.ANPTIC_AGENT, first_name="<i>Odd</i>")
    given = make_ticket("Imprimante")
    given.assignee = odd
    given.save(update_fields=["assignee"])
    make_ticket("Webmail inaccessible")
    return list(tickets_for_queue(viewer=cast.agent).order_by("-pk"))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_rows_are_the_templates_cell_for_cell(queue, language):
    with translation.override(language):
        assert rows(queue) == Template(TEMPLATE_ROWS).render(Context({"tickets": queue}))


def test_a_title_with_a_script_is_escaped(cast, make_ticket):
    make_ticket("<script>alert('x')</script>")
    html = rows(list(tickets_for_queue(viewer=cast.agent)))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def test_names_and_titles_with_markup_are_escaped(queue):
    html = rows(queue)
    assert "<b>" not in html and "<i>" not in html
    assert "Coupure &lt;b&gt;réseau&lt;/b&gt; &amp; &quot;VPN&quot;" in html
    assert "&lt;i&gt;Odd&lt;/i&gt;" in html
    assert html.count('<span class="text-body-secondary">Non assignée</span>') == 1


def test_rows_take_categories_and_priorities_from_the_lists_loaded(
    cast, make_ticket, mail_category, normal, django_assert_num_queries
):
    make_ticket("Webmail inaccessible")
    tickets = list(tickets_for_queue(viewer=cast.agent))
    given = tickets_with_categories_and_priorities(
        tickets, categories=[mail_category], priorities=[normal]
    )
    with django_assert_num_queries(0):
        assert [(t.category.name, t.priority.name) for t in given] == [
            (mail_category.name, normal.name)
        ]


def test_a_category_missing_from_the_list_is_read_when_shown(cast, make_ticket, normal):
    make_ticket("Webmail inaccessible")
    tickets = tickets_with_categories_and_priorities(
        list(tickets_for_queue(viewer=cast.agent)), categories=[], priorities=[normal]
    )
    assert tickets[0].category.name == "Messagerie professionnelle"
