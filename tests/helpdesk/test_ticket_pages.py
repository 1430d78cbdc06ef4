"""The ticket pages: filing a ticket, the conversation, the agents' and the requester's actions.

Aïcha (health DSI) files tickets; Karim (ANPTIC agent) works them.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpdesk import services
from helpdesk.models import (
    TRANSITIONS,
    Attachment,
    CannedReply,
    Category,
    Event,
    Message,
    Priority,
    Status,
    Ticket,
)
from tests.conftest import make_user, settle_mail

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def stored_files(root):
    return [path for path in root.rglob("*") if path.is_file()]


def flash(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def pdf(name="capture.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def page(client, ticket):
    return client.get(f"/helpdesk/{ticket.reference}/")


# Filing a ticket


def test_a_dsi_files_a_ticket_with_an_attachment(
    login, cast, calendar, mail_category, normal, media, django_capture_on_commit_callbacks
):
    client = login(cast.dsi_health)
    assert client.get("/helpdesk/new/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/helpdesk/new/",
            {
                "title": "Messagerie inaccessible",
                "description": "Le webmail refuse nos mots de passe depuis ce matin.",
                "category": mail_category.pk,
                "priority": normal.pk,
                "attachments": [pdf("message d'erreur.pdf")],
            },
        )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response.url == f"/helpdesk/{ticket.reference}/"
    assert any(ticket.reference in text for text in flash(response))
    assert (ticket.requester, ticket.structure) == (cast.dsi_health, cast.health)
    attachment = ticket.attachments.get()
    assert attachment.original_name == "message d'erreur.pdf"
    assert len(stored_files(media)) == 1
    assert cast.dsi_health.email in [to for message in mail.outbox for to in message.to]
    html = client.get(response.url).content.decode()
    assert "Messagerie inaccessible" in html
    assert f"/helpdesk/attachments/{attachment.pk}/" in html
    assert client.get(f"/helpdesk/attachments/{attachment.pk}/").getvalue() == PDF


def test_a_renamed_executable_is_refused_and_nothing_is_stored(
    login, cast, calendar, mail_category, normal, media
):
    response = login(cast.dsi_health).post(
        "/helpdesk/new/",
        {
            "title": "Rapport du serveur",
            "description": "Voir le rapport joint.",
            "category": mail_category.pk,
            "priority": normal.pk,
            "attachments": [SimpleUploadedFile("rapport.pdf", EXECUTABLE)],
        },
    )
    assert response.status_code == 200
    assert "programme exécutable" in response.content.decode()
    assert 'value="Rapport du serveur"' in response.content.decode()  # what was typed stays
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files(media) == []


def test_the_form_offers_active_categories_and_my_structures_recommendations(
    login, cast, calendar, mail_category, make_recommendation
):
    led = make_recommendation("Pilotée par la santé")
    contributed = make_recommendation(
        "Contribution de la santé", lead=cast.education, contributors=[cast.health]
    )
    make_recommendation("Affaire de l'éducation", lead=cast.education)
    mail_category.__class__.objects.filter(name="Comptes et accès").update(is_active=False)
    form = login(cast.dsi_health).get("/helpdesk/new/").context["form"]
    assert set(form.fields["recommendation"].queryset) == {led, contributed}
    names = {c.name for c in form.fields["category"].queryset}
    assert "Messagerie professionnelle" in names
    assert "Comptes et accès" not in names


def test_the_priorities_offered_say_the_deadlines_they_promise(login, cast, calendar, normal):
    normal.__class__.objects.update_or_create(
        name="Haute", defaults={"rank": 1, "response_hours": Decimal("1.5"), "resolution_hours": 8}
    )
    page = login(cast.dsi_health).get("/helpdesk/new/").content.decode()
    assert "Haute — réponse sous 1,5 h, résolution sous 8 h" in page
    assert "Normale — réponse sous 4 h, résolution sous 24 h" in page
    assert "— Choisir —" in page and "— Aucune —" in page


def test_a_ticket_can_be_linked_to_a_recommendation_of_my_structure(
    login, cast, calendar, mail_category, normal, make_recommendation
):
    mine = make_recommendation("Généraliser la messagerie professionnelle")
    foreign = make_recommendation("Déployer le serveur de fichiers", lead=cast.education)
    data = {
        "title": "Boîtes à créer",
        "description": "Pour généraliser la messagerie, il faut 40 boîtes.",
        "category": mail_category.pk,
        "priority": normal.pk,
    }
    client = login(cast.dsi_health)
    refused = client.post("/helpdesk/new/", {**data, "recommendation": foreign.pk})
    assert refused.status_code == 200
    assert not Ticket.objects.exists()
    client.post("/helpdesk/new/", {**data, "recommendation": mine.pk})
    ticket = Ticket.objects.get()
    assert ticket.recommendation == mine
    assert mine.reference in page(client, ticket).content.decode()


# The conversation and internal notes


def test_the_requester_never_sees_an_internal_note(
    login, cast, make_ticket, media, django_capture_on_commit_callbacks
):
    ticket = make_ticket()
    agent = login(cast.agent)
    with django_capture_on_commit_callbacks(execute=True):
        agent.post(
            f"/helpdesk/{ticket.reference}/reply/",
            {
                "body": "Le compte a été bloqué par erreur, voir journal.",
                "is_internal": "on",
                "attachments": [pdf("journal-interne.pdf")],
            },
        )
        agent.post(f"/helpdesk/{ticket.reference}/reply/", {"body": "Nous regardons."})
    note = Message.objects.get(is_internal=True)
    secret = note.attachments.get()

    response = login(cast.dsi_health).get(f"/helpdesk/{ticket.reference}/")
    html = response.content.decode()
    assert "Nous regardons." in html
    assert "bloqué par erreur" not in html
    assert "journal-interne.pdf" not in html
    assert note not in response.context["ticket"].conversation
    assert not any("bloqué par erreur" in m.body for m in mail.outbox)
    dsi = login(cast.dsi_health)
    assert dsi.get(f"/helpdesk/attachments/{secret.pk}/").status_code == 404

    agent = login(cast.agent)
    assert "bloqué par erreur" in page(agent, ticket).content.decode()
    assert agent.get(f"/helpdesk/attachments/{secret.pk}/").status_code == 200


def test_an_agents_public_reply_emails_the_requester_and_records_the_first_response(
    login, cast, make_ticket, django_capture_on_commit_callbacks
):
    ticket = make_ticket()
    settle_mail()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.agent).post(
            f"/helpdesk/{ticket.reference}/reply/", {"body": "Votre boîte est débloquée."}
        )
    assert response.status_code == 302
    assert "Votre message est envoyé." in flash(response)
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None
    [sent] = mail.outbox
    assert sent.to == [cast.dsi_health.email]
    assert "Votre boîte est débloquée." in sent.body


def test_an_internal_note_is_not_emailed_and_is_not_a_first_response(
    login, cast, make_ticket, django_capture_on_commit_callbacks
):
    ticket = make_ticket()
    settle_mail()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.agent).post(
            f"/helpdesk/{ticket.reference}/reply/",
            {"body": "À voir avec l'équipe réseau.", "is_internal": "on"},
        )
    assert "Note interne enregistrée." in flash(response)
    assert mail.outbox == []
    ticket.refresh_from_db()
    assert ticket.first_response_at is None


def test_a_requesters_reply_emails_the_assignee(
    login, cast, make_ticket, django_capture_on_commit_callbacks
):
    ticket = make_ticket()
    settle_mail()
    with django_capture_on_commit_callbacks(execute=True):
        login(cast.dsi_health).post(
            f"/helpdesk/{ticket.reference}/reply/", {"body": "Toujours bloqué ce matin."}
        )
    assert [m.to for m in mail.outbox] == [[cast.agent.email]]


def test_an_empty_reply_is_refused_on_the_page(login, cast, make_ticket):
    ticket = make_ticket()
    response = login(cast.dsi_health).post(f"/helpdesk/{ticket.reference}/reply/", {"body": ""})
    assert response.status_code == 200
    assert response.context["reply_form"].errors
    assert not Message.objects.exists()


def test_the_insert_button_puts_the_canned_reply_in_the_textarea(login, cast, make_ticket):
    ticket = make_ticket()
    canned = CannedReply.objects.create(
        title="Mot de passe", body="Votre mot de passe a été réinitialisé."
    )
    CannedReply.objects.create(title="Ancienne", body="Texte retiré.", is_active=False)
    client = login(cast.agent)
    picker = page(client, ticket).context["reply_form"].fields["canned"]
    assert [title for _pk, title in picker.choices] == ["—", "Mot de passe"]
    response = client.post(
        f"/helpdesk/{ticket.reference}/reply/",
        {"body": "Bonjour,", "canned": canned.pk, "insert": "1"},
    )
    assert response.status_code == 200
    assert "Bonjour,\n\nVotre mot de passe a été réinitialisé." in response.content.decode()
    assert not Message.objects.exists()


def test_the_requester_side_has_no_internal_note_box_nor_canned_replies(login, cast, make_ticket):
    ticket = make_ticket()
    CannedReply.objects.create(title="Mot de passe", body="Réinitialisé.")
    form = page(login(cast.dsi_health), ticket).context["reply_form"]
    assert set(form.fields) == {"body", "attachments"}


# Agents' actions


def test_an_agent_takes_a_ticket(login, cast, make_ticket):
    ticket = make_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(assignee=None)
    colleague = make_user("awa.zongo@anptic.bf", cast.anptic, cast.agent.role)
    response = login(colleague).post(f"/helpdesk/{ticket.reference}/take/")
    assert "Vous avez pris la demande en charge." in flash(response)
    ticket.refresh_from_db()
    assert (ticket.assignee, ticket.status) == (colleague, Status.OPEN)


def test_an_agent_assigns_a_ticket_to_another_agent_but_not_to_a_dsi(login, cast, make_ticket):
    ticket = make_ticket()
    colleague = make_user("awa.zongo@anptic.bf", cast.anptic, cast.agent.role)
    client = login(cast.agent)
    client.post(f"/helpdesk/{ticket.reference}/assign/", {"assignee": colleague.pk})
    ticket.refresh_from_db()
    assert ticket.assignee == colleague
    response = client.post(
        f"/helpdesk/{ticket.reference}/assign/", {"assignee": cast.dsi_health.pk}
    )
    assert "Choisissez un agent de l'ANPTIC." in flash(response)
    ticket.refresh_from_db()
    assert ticket.assignee == colleague


def test_the_page_offers_only_the_moves_the_transition_rules_allow(login, cast, make_ticket):
    ticket = make_ticket()
    services.ticket_transition(actor=cast.agent, ticket=ticket, status=Status.IN_PROGRESS)
    actions = page(login(cast.agent), ticket).context["actions"]
    assert actions.next_statuses == [s for s in Status if s in TRANSITIONS[Status.IN_PROGRESS]]
    assert Status.NEW not in actions.next_statuses
    assert Status.IN_PROGRESS not in actions.next_statuses


@pytest.fixture
def critical(db):
    return Priority.objects.get_or_create(
        name="Critique", defaults={"rank": 1, "response_hours": 1, "resolution_hours": 4}
    )[0]


@pytest.fixture
def network(db):
    return Category.objects.get_or_create(name="Réseau et Internet")[0]


def test_an_agent_triages_a_ticket_and_its_due_times_are_recomputed(
    login, cast, make_ticket, critical, network
):
    ticket = make_ticket()
    client = login(cast.agent)
    form = page(client, ticket).context["triage_form"]
    assert (form["priority"].value(), form["category"].value()) == (
        ticket.priority_id,
        ticket.category_id,
    )
    response = client.post(
        f"/helpdesk/{ticket.reference}/triage/", {"priority": critical.pk, "category": network.pk}
    )
    assert response.url == f"/helpdesk/{ticket.reference}/"
    assert flash(response) == ["Demande requalifiée : les échéances sont recalculées."]
    before = (ticket.response_due_at, ticket.resolution_due_at)
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.category) == (critical, network)
    # One working hour to answer and four to resolve instead of four and twenty-four.
    assert ticket.response_due_at < before[0]
    assert ticket.resolution_due_at < before[1]
    labels = {e.label for e in page(client, ticket).context["ticket"].history}
    assert {"Catégorie", "Priorité", "Résolution attendue avant"} <= labels


def test_an_agent_changes_only_the_priority(login, cast, make_ticket, critical):
    ticket = make_ticket()
    login(cast.agent).post(
        f"/helpdesk/{ticket.reference}/triage/",
        {"priority": critical.pk, "category": ticket.category_id},
    )
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.category.name) == (critical, "Messagerie professionnelle")


def test_a_triage_without_change_says_so_and_changes_nothing(login, cast, make_ticket):
    ticket = make_ticket()
    response = login(cast.agent).post(
        f"/helpdesk/{ticket.reference}/triage/",
        {"priority": ticket.priority_id, "category": ticket.category_id},
    )
    assert flash(response) == ["La priorité et la catégorie sont inchangées."]
    assert Ticket.objects.get().updated_at == ticket.updated_at


def test_a_triage_without_a_priority_is_refused(login, cast, make_ticket, network):
    ticket = make_ticket()
    response = login(cast.agent).post(
        f"/helpdesk/{ticket.reference}/triage/", {"priority": "", "category": network.pk}
    )
    assert flash(response) == ["Choisissez une priorité et une catégorie."]
    ticket.refresh_from_db()
    assert ticket.category.name == "Messagerie professionnelle"


def test_the_requester_side_cannot_triage(login, cast, make_ticket, critical, network):
    ticket = make_ticket()
    client = login(cast.dsi_health)
    shown = page(client, ticket)
    assert shown.context["triage_form"] is None
    assert 'data-testid="triage"' not in shown.content.decode()
    response = client.post(
        f"/helpdesk/{ticket.reference}/triage/", {"priority": critical.pk, "category": network.pk}
    )
    assert response.status_code == 404
    ticket.refresh_from_db()
    assert (ticket.priority.name, ticket.category.name) == ("Normale", "Messagerie professionnelle")


def test_an_illegal_transition_is_refused_with_a_french_message(login, cast, make_ticket):
    ticket = make_ticket()
    services.ticket_transition(actor=cast.agent, ticket=ticket, status=Status.CLOSED)
    response = login(cast.agent).post(
        f"/helpdesk/{ticket.reference}/status/", {"status": Status.OPEN}
    )
    assert response.status_code == 302
    assert flash(response) == ["Une demande « Clôturée » ne peut pas passer à « Ouverte »."]
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED


def test_an_agent_resolves_a_ticket(login, cast, make_ticket, django_capture_on_commit_callbacks):
    ticket = make_ticket()
    settle_mail()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(cast.agent).post(
            f"/helpdesk/{ticket.reference}/status/", {"status": Status.RESOLVED}
        )
    assert "Statut de la demande : Résolue." in flash(response)
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    assert [m.to for m in mail.outbox] == [[cast.dsi_health.email]]


def test_merging_asks_for_confirmation_then_merges(login, cast, make_ticket):
    kept = make_ticket("Webmail inaccessible")
    duplicate = make_ticket("Webmail toujours inaccessible")
    services.message_add(actor=cast.dsi_health, ticket=duplicate, body="Même problème ici.")
    client = login(cast.agent)
    response = client.post(f"/helpdesk/{duplicate.reference}/merge/", {"into": kept.reference})
    assert response.status_code == 200
    assert response.context["merge_target"] == kept
    assert "Confirmer la fusion" in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None  # nothing happens before the confirmation

    response = client.post(
        f"/helpdesk/{duplicate.reference}/merge/",
        {"into": kept.reference.lower(), "confirm": "1"},
    )
    assert response.url == f"/helpdesk/{kept.reference}/"
    duplicate.refresh_from_db()
    assert (duplicate.merged_into, duplicate.status) == (kept, Status.CLOSED)
    assert "Même problème ici." in client.get(response.url).content.decode()
    assert kept.reference in page(client, duplicate).content.decode()


def test_merging_into_an_unknown_or_other_structures_ticket_is_refused(login, cast, make_ticket):
    ticket = make_ticket()
    other = make_ticket("Serveur de fichiers", requester=cast.dsi_education)
    client = login(cast.agent)
    response = client.post(f"/helpdesk/{ticket.reference}/merge/", {"into": "HD-1999-00001"})
    assert flash(response) == ["Aucune demande ne porte la référence « HD-1999-00001 »."]
    response = client.post(
        f"/helpdesk/{ticket.reference}/merge/", {"into": other.reference, "confirm": "1"}
    )
    assert flash(response)[-1] == (
        "Seules les demandes d'une même structure peuvent être fusionnées."
    )
    ticket.refresh_from_db()
    assert ticket.merged_into is None


def test_agents_see_the_history_of_every_change(login, cast, make_ticket):
    ticket = make_ticket()
    services.ticket_transition(actor=cast.agent, ticket=ticket, status=Status.IN_PROGRESS)
    agent_page = page(login(cast.agent), ticket)
    history = agent_page.context["ticket"].history
    assert [(e.label, e.old_value, e.new_value, e.actor) for e in history] == [
        ("Statut", "", "Nouvelle", cast.dsi_health),
        ("Agent", "", str(cast.agent), None),  # the category's routing, not a person
        ("Statut", "Nouvelle", "En cours", cast.agent),
    ]
    assert 'data-testid="history"' in agent_page.content.decode()
    assert 'data-testid="history"' not in page(login(cast.dsi_health), ticket).content.decode()


# The requester's side: confirm, reopen, rate


def resolved(make_ticket, cast):
    ticket = make_ticket()
    return services.ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)


def test_the_requester_confirms_a_resolution(login, cast, make_ticket):
    ticket = resolved(make_ticket, cast)
    client = login(cast.dsi_health)
    assert page(client, ticket).context["actions"].can_confirm
    response = client.post(f"/helpdesk/{ticket.reference}/confirm/")
    assert "Merci : la résolution est confirmée et la demande est clôturée." in flash(response)
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED


def test_only_a_resolved_ticket_can_be_confirmed(login, cast, make_ticket):
    ticket = make_ticket()
    client = login(cast.dsi_health)
    assert not page(client, ticket).context["actions"].can_confirm
    response = client.post(f"/helpdesk/{ticket.reference}/confirm/")
    assert flash(response) == ["Seule une demande résolue peut être confirmée."]
    ticket.refresh_from_db()
    assert ticket.status == Status.NEW


def test_the_requester_reopens_within_the_delay(login, cast, make_ticket, settings):
    settings.HELPDESK_REOPEN_DAYS = 7
    ticket = resolved(make_ticket, cast)
    Ticket.objects.filter(pk=ticket.pk).update(resolved_at=timezone.now() - timedelta(days=6))
    client = login(cast.dsi_health)
    assert page(client, ticket).context["actions"].can_reopen
    client.post(f"/helpdesk/{ticket.reference}/reopen/")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_at) == (Status.OPEN, None)


def test_reopening_after_the_delay_is_refused(login, cast, make_ticket, settings):
    settings.HELPDESK_REOPEN_DAYS = 7
    ticket = resolved(make_ticket, cast)
    Ticket.objects.filter(pk=ticket.pk).update(resolved_at=timezone.now() - timedelta(days=8))
    client = login(cast.dsi_health)
    shown = page(client, ticket)
    assert not shown.context["actions"].can_reopen
    assert "Rouvrir</button>" not in shown.content.decode()
    response = client.post(f"/helpdesk/{ticket.reference}/reopen/")
    assert flash(response) == [
        "Le délai de 7 jours pour rouvrir cette demande est dépassé : déposez une nouvelle demande."
    ]
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED


def test_the_requester_rates_a_resolved_ticket_once(login, cast, make_ticket):
    ticket = resolved(make_ticket, cast)
    client = login(cast.dsi_health)
    assert page(client, ticket).context["rating_form"] is not None
    response = client.post(
        f"/helpdesk/{ticket.reference}/rate/", {"satisfaction": "4", "comment": "Rapide."}
    )
    assert "Merci pour votre avis." in flash(response)
    ticket.refresh_from_db()
    assert (ticket.satisfaction, ticket.satisfaction_comment) == (4, "Rapide.")
    assert page(client, ticket).context["rating_form"] is None
    response = client.post(
        f"/helpdesk/{ticket.reference}/rate/", {"satisfaction": "1", "comment": "Finalement non."}
    )
    assert response.status_code == 302
    [refusal] = flash(response)
    assert refusal != "Merci pour votre avis."
    ticket.refresh_from_db()
    assert (ticket.satisfaction, ticket.satisfaction_comment) == (4, "Rapide.")
    assert Event.objects.filter(ticket=ticket, field="satisfaction").count() == 1


def test_rating_is_refused_before_the_resolution_and_outside_1_to_5(login, cast, make_ticket):
    ticket = make_ticket()
    client = login(cast.dsi_health)
    assert page(client, ticket).context["rating_form"] is None
    response = client.post(f"/helpdesk/{ticket.reference}/rate/", {"satisfaction": "5"})
    assert flash(response) == ["Vous pourrez noter le service une fois la demande résolue."]
    services.ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    response = client.post(f"/helpdesk/{ticket.reference}/rate/", {"satisfaction": "9"})
    assert flash(response)[-1] == "Choisissez une note de 1 à 5."
    ticket.refresh_from_db()
    assert ticket.satisfaction is None


def test_a_closed_ticket_can_still_be_rated_but_not_answered(login, cast, make_ticket):
    ticket = resolved(make_ticket, cast)
    services.ticket_confirm_resolution(actor=cast.dsi_health, ticket=ticket)
    shown = page(login(cast.dsi_health), ticket)
    assert shown.context["rating_form"] is not None
    assert not shown.context["actions"].can_reply
    assert 'data-testid="reply"' not in shown.content.decode()


# Query counts


def populate(ticket, cast, count):
    """``count`` messages (every third an internal note), each with an attachment, and as many
    history events."""
    for n in range(count):
        internal = n % 3 == 2
        message = Message.objects.create(
            ticket=ticket,
            author=cast.agent if n % 2 else cast.dsi_health,
            body=f"Message {n}",
            is_internal=internal,
        )
        Attachment.objects.create(
            ticket=ticket,
            message=message,
            file=f"helpdesk/2022/04/{n:032x}.pdf",
            original_name=f"piece-{n}.pdf",
            content_type="application/pdf",
            size=1024,
            uploaded_by=cast.agent,
        )
        Event.objects.create(ticket=ticket, actor=cast.agent, field="status", new_value=str(n))


@pytest.mark.parametrize("viewer", ["agent", "dsi_health"])
def test_the_ticket_page_makes_the_same_queries_for_3_or_100_messages(
    login, cast, make_ticket, viewer
):
    small, large = make_ticket("Petite"), make_ticket("Grande")
    CannedReply.objects.create(title="Mot de passe", body="Réinitialisé.")
    populate(small, cast, 3)
    populate(large, cast, 100)
    client = login(getattr(cast, viewer))
    counts = []
    for ticket in (small, large):
        page(client, ticket)
        with CaptureQueriesContext(connection) as queries:
            response = page(client, ticket)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    shown = response.content.decode()
    assert ("Message 2<" in shown) == (viewer == "agent")
