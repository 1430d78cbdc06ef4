"""Who may open a ticket, download its files and act on it.

A ticket of the Ministry of Health is filed by Aïcha; Boubacar (Education) must not learn that it
exists, nor must the Secretariat; ANPTIC's agents and the administrator see everything. Every
refusal is a 404, and a refused POST changes nothing.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from helpdesk import services
from helpdesk.models import Attachment, Category, Event, Message, Priority, Status, Ticket
from tests.conftest import make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ACTIONS = {
    "reply": {"body": "Message indiscret", "is_internal": "on"},
    "take": {},
    "assign": {"assignee": "agent"},
    "triage": {"priority": "critical", "category": "network"},
    "status": {"status": Status.CLOSED},
    "merge": {"into": "other", "confirm": "1"},
    "confirm": {},
    "reopen": {},
    "rate": {"satisfaction": "1", "comment": "Mauvais"},
}
AGENT_ACTIONS = ["take", "assign", "triage", "status", "merge"]
REQUESTER_ACTIONS = ["confirm", "reopen", "rate"]


@pytest.fixture
def health_ticket(cast, make_ticket, settings, tmp_path):
    """A resolved ticket of the Ministry of Health, with a file, a reply and an internal note,
    and another ticket of the same structure to merge it into."""
    settings.MEDIA_ROOT = tmp_path
    ticket = make_ticket(attachments=[SimpleUploadedFile("capture.pdf", PDF)])
    services.message_add(
        actor=cast.agent,
        ticket=ticket,
        body="Note interne",
        is_internal=True,
        attachments=[SimpleUploadedFile("note.pdf", PDF)],
    )
    services.message_add(
        actor=cast.agent,
        ticket=ticket,
        body="Réponse publique",
        attachments=[SimpleUploadedFile("reponse.pdf", PDF)],
    )
    services.ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    make_ticket("Autre demande de la santé")
    return Ticket.objects.get(pk=ticket.pk)


def snapshot():
    return (
        [model_to_dict(t) for t in Ticket.objects.order_by("pk")],
        Message.objects.count(),
        Attachment.objects.count(),
        Event.objects.count(),
    )


def post_action(client, cast, ticket, action):
    data = dict(ACTIONS[action])
    if data.get("assignee") == "agent":
        data["assignee"] = cast.agent.pk
    if data.get("into") == "other":
        data["into"] = Ticket.objects.exclude(pk=ticket.pk).get().reference
    if data.get("priority") == "critical":
        data["priority"] = Priority.objects.get_or_create(
            name="Critique", defaults={"rank": 1, "response_hours": 1, "resolution_hours": 4}
        )[0].pk
        data["category"] = Category.objects.get_or_create(name="Réseau et Internet")[0].pk
    return client.post(f"/helpdesk/{ticket.reference}/{action}/", data)


def file_urls(ticket):
    return [f"/helpdesk/attachments/{a.pk}/" for a in Attachment.objects.filter(ticket=ticket)]


@pytest.mark.parametrize("outsider", ["dsi_education", "secretariat"])
def test_outsiders_get_404_on_every_url_of_the_ticket(login, cast, health_ticket, outsider):
    client = login(getattr(cast, outsider))
    assert client.get(f"/helpdesk/{health_ticket.reference}/").status_code == 404
    for url in file_urls(health_ticket):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("outsider", ["dsi_education", "secretariat", "secretary_general"])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_outsiders_posts_answer_404_and_change_nothing(
    login, cast, health_ticket, outsider, action
):
    before = snapshot()
    response = post_action(login(getattr(cast, outsider)), cast, health_ticket, action)
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("action", AGENT_ACTIONS)
def test_the_requesters_side_cannot_take_agents_actions(login, cast, health_ticket, action):
    before = snapshot()
    response = post_action(login(cast.dsi_health), cast, health_ticket, action)
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("agent", ["agent", "admin"])
@pytest.mark.parametrize("action", REQUESTER_ACTIONS)
def test_agents_cannot_take_the_requesters_actions(login, cast, health_ticket, agent, action):
    before = snapshot()
    response = post_action(login(getattr(cast, agent)), cast, health_ticket, action)
    assert response.status_code == 404
    assert snapshot() == before


def test_a_dsi_cannot_write_an_internal_note(login, cast, health_ticket):
    Ticket.objects.filter(pk=health_ticket.pk).update(status=Status.OPEN)
    post_action(login(cast.dsi_health), cast, health_ticket, "reply")
    message = Message.objects.get(body="Message indiscret")
    assert not message.is_internal


@pytest.mark.parametrize("agent", ["agent", "admin"])
def test_agents_see_every_ticket_and_every_file(login, cast, health_ticket, make_ticket, agent):
    education = make_ticket("Serveur de fichiers", requester=cast.dsi_education)
    client = login(getattr(cast, agent))
    for ticket in (health_ticket, education):
        assert client.get(f"/helpdesk/{ticket.reference}/").status_code == 200
    for url in file_urls(health_ticket):
        assert client.get(url).status_code == 200, url


def test_a_colleague_of_the_requester_follows_the_ticket(login, cast, health_ticket):
    colleague = make_user("moussa.traore@sante.gov.bf", cast.health, cast.dsi_health.role)
    client = login(colleague)
    response = client.get(f"/helpdesk/{health_ticket.reference}/")
    assert response.status_code == 200
    assert response.context["actions"].can_confirm
    public = Attachment.objects.filter(ticket=health_ticket).exclude(message__is_internal=True)
    for attachment in public:
        assert client.get(f"/helpdesk/attachments/{attachment.pk}/").status_code == 200
    note_file = Attachment.objects.get(message__is_internal=True)
    assert client.get(f"/helpdesk/attachments/{note_file.pk}/").status_code == 404


def test_an_unknown_reference_or_file_is_a_404(login, cast, health_ticket):
    client = login(cast.agent)
    assert client.get("/helpdesk/HD-1999-00001/").status_code == 404
    assert client.get("/helpdesk/attachments/999999/").status_code == 404


@pytest.mark.parametrize(
    "user", ["agent", "secretariat", "secretary_general", "admin", "dsi_without_structure"]
)
def test_only_a_dsi_of_a_structure_may_file_a_ticket(login, cast, calendar, user):
    if user == "dsi_without_structure":
        viewer = make_user("sans.structure@gov.bf", None, cast.dsi_health.role)
    else:
        viewer = getattr(cast, user)
    client = login(viewer)
    assert client.get("/helpdesk/new/").status_code == 404
    assert client.post("/helpdesk/new/", {"title": "x", "description": "y"}).status_code == 404
    assert not Ticket.objects.exists()


def test_actions_are_post_only(login, cast, health_ticket):
    client = login(cast.agent)
    for action in ACTIONS:
        assert client.get(f"/helpdesk/{health_ticket.reference}/{action}/").status_code == 405


def test_anonymous_visitors_are_sent_to_the_login_page(client, health_ticket):
    response = client.get(f"/helpdesk/{health_ticket.reference}/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
