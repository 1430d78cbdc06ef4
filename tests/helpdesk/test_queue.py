"""/helpdesk/: the health DSI's list of their ministry's tickets, and Karim's queue at ANPTIC."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from helpdesk.models import Category, Priority, SlaState, Status, Ticket
from helpdesk.services import ticket_transition
from tests.conftest import make_user


@pytest.fixture
def network(db):
    """A category nobody is assigned to by default: its tickets arrive unassigned."""
    return Category.objects.get_or_create(name="Réseau et Internet")[0]


@pytest.fixture
def critical(db):
    return Priority.objects.get_or_create(
        name="Critique", defaults={"rank": 1, "response_hours": 1, "resolution_hours": 4}
    )[0]


@pytest.fixture
def second_agent(cast):
    return make_user("awa.traore@anptic.bf", cast.anptic, Role.ANPTIC_AGENT, first_name="Awa")


def listed(response):
    return [ticket.reference for ticket in response.context["page_obj"].object_list]


def set_due(ticket, **due):
    Ticket.objects.filter(pk=ticket.pk).update(**due)


# --- who sees what ------------------------------------------------------------------------------


def test_the_health_dsi_sees_only_their_ministrys_tickets(login, cast, make_ticket):
    mine = make_ticket("Webmail inaccessible")
    colleague = make_user("ousmane.zongo@sante.gov.bf", cast.health, Role.DSI)
    ours = make_ticket("Imprimante réseau", requester=colleague)
    theirs = make_ticket("Serveur de fichiers", requester=cast.dsi_education)
    response = login(cast.dsi_health).get("/helpdesk/")
    assert response.templates[0].name == "helpdesk/my_tickets.html"
    assert set(listed(response)) == {mine.reference, ours.reference}
    page = response.content.decode()
    assert theirs.reference not in page
    assert f'href="/helpdesk/{mine.reference}/"' in page
    assert 'href="/helpdesk/new/"' in page


def test_the_dsi_filters_their_tickets_by_status(login, cast, make_ticket):
    waiting = make_ticket("En attente")
    make_ticket("Nouvelle")
    ticket_transition(actor=cast.agent, ticket=waiting, status=Status.WAITING)
    response = login(cast.dsi_health).get("/helpdesk/?status=waiting")
    assert listed(response) == [waiting.reference]


@pytest.mark.parametrize("who", ["secretariat", "secretary_general"])
def test_the_secretariat_and_the_secretary_general_have_no_helpdesk_list(login, cast, who):
    client = login(getattr(cast, who))
    assert client.get("/helpdesk/").status_code == 404
    assert client.post("/helpdesk/bulk/", {"action": "assign"}).status_code == 404


def test_a_dsi_cannot_use_bulk_actions(login, cast, make_ticket):
    ticket = make_ticket()
    response = login(cast.dsi_health).post(
        "/helpdesk/bulk/", {"tickets": [ticket.pk], "action": "status", "status": "closed"}
    )
    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_the_agent_and_the_administrator_get_the_queue(login, cast, make_ticket):
    ticket = make_ticket(requester=cast.dsi_education)
    for user in (cast.agent, cast.admin):
        response = login(user).get("/helpdesk/")
        assert response.templates[0].name == "helpdesk/queue.html"
        assert listed(response) == [ticket.reference]


def test_user_text_is_escaped_in_the_queue(login, cast, make_ticket):
    make_ticket("<script>alert('x')</script>")
    page = login(cast.agent).get("/helpdesk/").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


# --- filters and saved views --------------------------------------------------------------------


def test_the_queue_filters_by_category_priority_structure_and_assignee(
    login, cast, make_ticket, network, critical, second_agent
):
    mail = make_ticket("Webmail")  # assigned to Karim by its category
    net = make_ticket("Coupure", category=network, requester=cast.dsi_education)
    urgent = make_ticket("Urgent", priority=critical, category=network)
    client = login(cast.agent)
    assert listed(client.get(f"/helpdesk/?category={network.pk}")) == [
        urgent.reference,
        net.reference,
    ]
    assert listed(client.get(f"/helpdesk/?priority={critical.pk}")) == [urgent.reference]
    assert listed(client.get(f"/helpdesk/?structure={cast.education.pk}")) == [net.reference]
    assert listed(client.get(f"/helpdesk/?assignee={cast.agent.pk}")) == [mail.reference]
    assert listed(client.get("/helpdesk/?assignee=null")) == [urgent.reference, net.reference]
    assert listed(client.get(f"/helpdesk/?assignee={second_agent.pk}")) == []


def test_the_status_filter_and_the_not_resolved_choice(login, cast, make_ticket):
    resolved = make_ticket("Résolue")
    fresh = make_ticket("Nouvelle")
    ticket_transition(actor=cast.agent, ticket=resolved, status=Status.RESOLVED)
    client = login(cast.agent)
    assert listed(client.get("/helpdesk/?status=resolved")) == [resolved.reference]
    assert listed(client.get("/helpdesk/?status=active")) == [fresh.reference]


def test_the_queue_opens_on_the_tickets_still_to_do(login, cast, make_ticket):
    resolved = make_ticket("Imprimante réparée")
    closed = make_ticket("Imprimante remplacée")
    fresh = make_ticket("Imprimante bloquée")
    ticket_transition(actor=cast.agent, ticket=resolved, status=Status.RESOLVED)
    ticket_transition(actor=cast.agent, ticket=closed, status=Status.CLOSED)
    client = login(cast.agent)
    opening = client.get("/helpdesk/")
    assert listed(opening) == [fresh.reference]
    page = opening.content.decode()
    # The status filter says so, and a link lists every ticket.
    assert '<option value="active" selected>' in page
    assert 'href="/helpdesk/?status="' in page
    everything = client.get("/helpdesk/?status=")
    assert set(listed(everything)) == {fresh.reference, resolved.reference, closed.reference}
    assert 'aria-current="page">Toutes, résolues et clôturées comprises' in (
        everything.content.decode()
    )
    # The next page, a search or a filter without a status stay on the work still to do.
    assert listed(client.get("/helpdesk/?page=1")) == [fresh.reference]
    assert listed(client.get("/helpdesk/?q=imprimante")) == [fresh.reference]
    assert set(listed(client.get("/helpdesk/?q=imprimante&status="))) == {
        fresh.reference,
        resolved.reference,
        closed.reference,
    }


def test_an_empty_opening_says_there_is_nothing_to_do(login, cast, make_ticket):
    ticket_transition(actor=cast.agent, ticket=make_ticket(), status=Status.RESOLVED)
    page = login(cast.agent).get("/helpdesk/").content.decode()
    assert "Aucune demande à traiter." in page


def test_the_sla_filter_tells_breached_at_risk_and_on_time(login, cast, make_ticket, settings):
    settings.HELPDESK_AT_RISK_HOURS = 4
    now = timezone.now()
    breached = make_ticket("Dépassée")
    at_risk = make_ticket("À risque")
    on_time = make_ticket("Dans les délais")
    late_but_resolved = make_ticket("Résolue en retard")
    set_due(breached, resolution_due_at=now - timedelta(hours=1))
    set_due(at_risk, resolution_due_at=now + timedelta(hours=2))
    set_due(on_time, resolution_due_at=now + timedelta(days=3))
    ticket_transition(actor=cast.agent, ticket=late_but_resolved, status=Status.RESOLVED)
    set_due(late_but_resolved, resolution_due_at=now - timedelta(days=1))
    client = login(cast.agent)
    assert set(listed(client.get("/helpdesk/?sla=breached&status="))) == {
        breached.reference,
        late_but_resolved.reference,
    }
    # Without a status asked for, the queue lists the tickets still to do.
    assert listed(client.get("/helpdesk/?sla=breached")) == [breached.reference]
    assert listed(client.get("/helpdesk/?sla=at_risk")) == [at_risk.reference]
    assert listed(client.get("/helpdesk/?sla=on_time")) == [on_time.reference]
    page = client.get("/helpdesk/").content.decode()
    assert 'data-sla="breached"' in page and 'data-sla="at_risk"' in page


def test_saved_views_are_the_work_still_to_do(login, cast, make_ticket, network, second_agent):
    mine = make_ticket("À moi")
    mine_done = make_ticket("À moi, résolue")
    ticket_transition(actor=cast.agent, ticket=mine_done, status=Status.RESOLVED)
    unassigned = make_ticket("Sans agent", category=network)
    awa = make_ticket("Pour Awa", category=network)
    Ticket.objects.filter(pk=awa.pk).update(
        assignee=second_agent, resolution_due_at=timezone.now() - timedelta(hours=2)
    )
    client = login(cast.agent)
    assert listed(client.get("/helpdesk/?view=mine")) == [mine.reference]
    assert listed(client.get("/helpdesk/?view=unassigned")) == [unassigned.reference]
    assert listed(client.get("/helpdesk/?view=breached")) == [awa.reference]
    views = {v["key"]: v["count"] for v in client.get("/helpdesk/").context["saved_views"]}
    assert views == {"active": 3, "mine": 1, "unassigned": 1, "breached": 1, "all": None}
    page = client.get("/helpdesk/").content.decode()
    assert 'href="/helpdesk/?view=unassigned"' in page


@pytest.mark.parametrize(
    ("url", "counted_again"),
    [
        ("/helpdesk/", False),
        ("/helpdesk/?sort=due&page=1", False),
        ("/helpdesk/?category=999999&created_after=hier", False),  # refused: filter nothing
        ("/helpdesk/?status=active", False),
        ("/helpdesk/?view=mine", True),
        ("/helpdesk/?status=", True),
        ("/helpdesk/?q=Webmail", True),
    ],
)
def test_the_queue_as_it_opens_is_counted_by_the_backlog_figure(
    login, cast, make_ticket, url, counted_again
):
    make_ticket("Webmail")
    make_ticket("Imprimante", requester=cast.dsi_education)
    ticket_transition(actor=cast.agent, ticket=make_ticket("Résolue"), status=Status.RESOLVED)
    response = login(cast.agent).get(url)
    paginator = response.context["page_obj"].paginator
    assert (paginator.known_count is None) is counted_again
    assert paginator.count == len(listed(response))


def test_the_queue_searches_titles(login, cast, make_ticket):
    make_ticket("Webmail inaccessible")
    files = make_ticket("Partage du serveur de fichiers")
    assert listed(login(cast.agent).get("/helpdesk/?q=serveur")) == [files.reference]


# --- sorting and pagination ---------------------------------------------------------------------


def test_the_queue_sorts_by_priority_due_time_reference_and_update(
    login, cast, make_ticket, critical
):
    now = timezone.now()
    first = make_ticket("Première")
    second = make_ticket("Deuxième", priority=critical)
    third = make_ticket("Troisième")
    set_due(first, resolution_due_at=now + timedelta(hours=1))
    set_due(second, resolution_due_at=now + timedelta(hours=5))
    set_due(third, resolution_due_at=now + timedelta(hours=3))
    Ticket.objects.filter(pk=second.pk).update(updated_at=now - timedelta(days=3))
    client = login(cast.agent)
    refs = [first.reference, second.reference, third.reference]

    def order(sort):
        return listed(client.get(f"/helpdesk/?sort={sort}"))

    assert order("priority") == [second.reference, first.reference, third.reference]
    assert order("due") == [first.reference, third.reference, second.reference]
    assert order("reference") == refs
    assert order("-reference") == refs[::-1]
    assert order("created") == refs
    assert order("-created") == refs[::-1]
    assert order("updated")[0] == second.reference


def test_the_queue_shows_25_tickets_a_page_and_keeps_the_filters(login, cast, make_ticket):
    make_ticket()
    ticket = Ticket.objects.get()
    Ticket.objects.bulk_create(
        [_copy(ticket, n, title=f"Demande {n}") for n in range(2, 31)], batch_size=100
    )
    client = login(cast.agent)
    first = client.get("/helpdesk/?status=new")
    assert len(listed(first)) == 25
    assert "?status=new&amp;page=2" in first.content.decode()
    assert len(listed(client.get("/helpdesk/?status=new&page=2"))) == 5


# --- bulk actions -------------------------------------------------------------------------------


def test_bulk_assign_gives_the_checked_tickets_to_an_agent(
    login, cast, make_ticket, network, second_agent
):
    tickets = [make_ticket(f"Demande {n}", category=network) for n in range(3)]
    client = login(cast.agent)
    response = client.post(
        "/helpdesk/bulk/",
        {
            "tickets": [t.pk for t in tickets[:2]],
            "action": "assign",
            "assignee": second_agent.pk,
            "next": "/helpdesk/?view=unassigned&sort=due",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/helpdesk/?view=unassigned&sort=due"
    assert "2 demandes confiées à Awa" in response.content.decode()
    assigned = Ticket.objects.filter(assignee=second_agent)
    assert set(assigned.values_list("status", flat=True)) == {Status.OPEN}
    assert assigned.count() == 2


def test_bulk_status_moves_every_checked_ticket(login, cast, make_ticket):
    tickets = [make_ticket(f"Demande {n}") for n in range(2)]
    response = login(cast.agent).post(
        "/helpdesk/bulk/",
        {"tickets": [t.pk for t in tickets], "action": "status", "status": "in_progress"},
        follow=True,
    )
    assert "2 demandes passées au statut « En cours »" in response.content.decode()
    assert set(Ticket.objects.values_list("status", flat=True)) == {Status.IN_PROGRESS}


def test_an_illegal_move_refuses_the_whole_batch(login, cast, make_ticket):
    fresh = make_ticket("Nouvelle")
    closed = make_ticket("Clôturée")
    ticket_transition(actor=cast.agent, ticket=closed, status=Status.CLOSED)
    response = login(cast.agent).post(
        "/helpdesk/bulk/",
        {"tickets": [fresh.pk, closed.pk], "action": "status", "status": "in_progress"},
        follow=True,
    )
    page = response.content.decode()
    assert "Aucune demande n&#x27;a été modifiée" in page
    assert closed.reference in page
    fresh.refresh_from_db()
    assert fresh.status == Status.NEW


def test_bulk_assign_of_a_closed_ticket_changes_nothing(
    login, cast, make_ticket, network, second_agent
):
    fresh = make_ticket("Nouvelle", category=network)
    closed = make_ticket("Clôturée", category=network)
    ticket_transition(actor=cast.agent, ticket=closed, status=Status.CLOSED)
    response = login(cast.agent).post(
        "/helpdesk/bulk/",
        {"tickets": [fresh.pk, closed.pk], "action": "assign", "assignee": second_agent.pk},
        follow=True,
    )
    assert "Aucune demande n&#x27;a été modifiée" in response.content.decode()
    assert not Ticket.objects.filter(assignee=second_agent).exists()


def test_bulk_actions_say_what_is_missing(login, cast, make_ticket):
    ticket = make_ticket()
    client = login(cast.agent)
    page = client.post("/helpdesk/bulk/", {"action": "assign"}, follow=True).content.decode()
    assert "Cochez au moins une demande." in page
    page = client.post(
        "/helpdesk/bulk/", {"tickets": [ticket.pk], "action": "status"}, follow=True
    ).content.decode()
    assert "Choisissez le nouveau statut." in page


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/helpdesk/",
        "//evil.example/helpdesk/",
        "/admin/",
        "/helpdesk/../admin/",
        "/helpdesk/%2e%2e/admin/",
        "/helpdesk\\..\\admin/",
    ],
)
def test_bulk_actions_only_return_to_the_helpdesk(login, cast, make_ticket, target):
    ticket = make_ticket()
    response = login(cast.agent).post(
        "/helpdesk/bulk/",
        {"tickets": [ticket.pk], "action": "status", "status": "open", "next": target},
    )
    assert response["Location"] == "/helpdesk/"


def test_bulk_actions_answer_only_post(login, cast):
    assert login(cast.agent).get("/helpdesk/bulk/").status_code == 405


# --- query counts -------------------------------------------------------------------------------


def _copy(ticket, number, **fields):
    """A ticket like ``ticket`` with its own reference, for bulk_create."""
    values = {
        "reference": f"HD-2099-{number:05d}",
        "title": ticket.title,
        "description": ticket.description,
        "requester_id": ticket.requester_id,
        "structure_id": ticket.structure_id,
        "category_id": ticket.category_id,
        "priority_id": ticket.priority_id,
        "assignee_id": ticket.assignee_id,
        "response_due_at": ticket.response_due_at,
        "resolution_due_at": ticket.resolution_due_at,
    }
    return Ticket(**{**values, **fields})


@pytest.mark.parametrize(
    "url",
    [
        "/helpdesk/",
        "/helpdesk/?view=mine&sort=priority",
        "/helpdesk/?sla=on_time&assignee=null&q=webmail&sort=due",
    ],
)
def test_the_queue_makes_as_many_queries_for_10_as_for_1000_tickets(login, cast, make_ticket, url):
    """Every URL lists real rows at both sizes: a filter that matched nothing would compare the
    queries of two empty pages."""
    make_ticket("Webmail inaccessible")
    model = Ticket.objects.get()
    structures = [cast.health.pk, cast.education.pk]
    # Half the copies are Karim's ("mine"), half unassigned; all webmail, on time and open.
    assignees = [cast.agent.pk, None]
    counts = []
    client = login(cast.agent)
    client.get("/")  # the staff warnings are cached from the first page on
    for size in (10, 1000):
        Ticket.objects.bulk_create(
            [
                _copy(model, n, structure_id=structures[n % 2], assignee_id=assignees[n % 2])
                for n in range(Ticket.objects.count() + 1, size + 1)
            ],
            batch_size=500,
        )
        assert Ticket.objects.count() == size
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(listed(response)) == min(response.context["page_obj"].paginator.count, 25)
        assert response.context["page_obj"].paginator.count >= size // 2 - 1
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_dsi_list_makes_as_many_queries_for_10_as_for_1000_tickets(login, cast, make_ticket):
    make_ticket()
    model = Ticket.objects.get()
    counts = []
    client = login(cast.dsi_health)
    for size in (10, 1000):
        Ticket.objects.bulk_create(
            [_copy(model, n) for n in range(Ticket.objects.count() + 1, size + 1)],
            batch_size=500,
        )
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/helpdesk/?status=active")
        assert response.status_code == 200
        # The page really lists the structure's tickets (a full page of them).
        assert len(response.context["page_obj"].object_list) == min(size, 25)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_bulk_form_offers_only_reachable_statuses_and_wants_an_agent(cast, make_ticket):
    from helpdesk.forms import BulkActionForm

    ticket = make_ticket()
    form = BulkActionForm(viewer=cast.agent)
    offered = [value for value, _label in form.fields["status"].choices if value]
    assert Status.NEW not in offered
    assert Status.CLOSED in offered
    # Those who work the queue: the agent, and the superuser (issue 14).
    assert set(form.fields["assignee"].queryset) == {cast.agent, cast.admin}
    form = BulkActionForm({"tickets": [ticket.pk], "action": "assign"}, viewer=cast.agent)
    assert form.errors == {"assignee": ["Choisissez l'agent à qui confier les demandes."]}
    education = make_ticket("Serveur", requester=cast.dsi_education)
    form = BulkActionForm(
        {"tickets": [education.pk], "action": "status", "status": "open"}, viewer=cast.dsi_health
    )
    assert "tickets" in form.errors


def test_each_sla_filter_selects_the_tickets_whose_sla_state_it_names(make_ticket, settings):
    """``in_sla_state`` (plain conditions an index can read) and the CASE of
    ``with_sla_state`` agree on every way a ticket can be late, at risk or on time: clock
    running, paused or stopped at the resolution, first response late, missing or on time."""
    settings.HELPDESK_AT_RISK_HOURS = 4
    now = timezone.now()
    hour = timedelta(hours=1)
    cases = {
        # title: (resolution due, response due, first response, paused since, resolved at)
        "running, resolution late": (now - hour, now + hour, now - 2 * hour, None, None),
        "running, no response yet, response late": (now + hour, now - hour, None, None, None),
        "running, responded late": (now + hour, now - 3 * hour, now - 2 * hour, None, None),
        "running, on time": (now + 9 * hour, now + hour, None, None, None),
        "running, resolution due within the hour": (now + hour, now + hour, None, None, None),
        "paused, resolution due within the hour": (now + hour, now + hour, None, now, None),
        "paused before the due time": (
            now - hour,
            now - hour,
            now - 5 * hour,
            now - 2 * hour,
            None,
        ),
        "paused after the due time": (now - 3 * hour, now + hour, now - 5 * hour, now - hour, None),
        "paused, no response by the due time": (now + hour, now - 3 * hour, None, now - hour, None),
        "resolved on time": (now - hour, now - 5 * hour, now - 6 * hour, None, now - 2 * hour),
        "resolved late": (now - 3 * hour, now - 5 * hour, now - 6 * hour, None, now - 2 * hour),
        "resolved, response late": (
            now + hour,
            now - 5 * hour,
            now - 4 * hour,
            None,
            now - 2 * hour,
        ),
    }
    for title, (resolution, response, responded, paused, resolved) in cases.items():
        ticket = make_ticket(title)
        Ticket.objects.filter(pk=ticket.pk).update(
            resolution_due_at=resolution,
            response_due_at=response,
            first_response_at=responded,
            paused_since=paused,
            resolved_at=resolved,
            status=Status.RESOLVED if resolved else Status.WAITING if paused else Status.OPEN,
        )
    annotated = dict(Ticket.objects.with_sla_state().values_list("title", "sla_state"))
    for state in SlaState:
        by_conditions = set(Ticket.objects.in_sla_state(state).values_list("title", flat=True))
        assert by_conditions == {title for title, s in annotated.items() if s == state}, state
    assert {title for title, s in annotated.items() if s == SlaState.BREACHED} == {
        "running, resolution late",
        "running, no response yet, response late",
        "running, responded late",
        "paused after the due time",
        "paused, no response by the due time",
        "resolved late",
        "resolved, response late",
    }
    assert {title for title, s in annotated.items() if s == SlaState.AT_RISK} == {
        "running, resolution due within the hour"
    }
