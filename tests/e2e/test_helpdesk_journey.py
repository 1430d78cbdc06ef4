"""A ticket from filing to rating: Aïcha (health DSI) files it with a screenshot, Karim (ANPTIC)
takes it, writes an internal note, then a public reply that resolves it in the same submit;
Aïcha sees only the reply, confirms the resolution and rates the service."""

from datetime import time

import pytest
from playwright.sync_api import expect

from helpdesk.models import CannedReply, Category, Priority, Status, Ticket, WorkingPeriod
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def open_as(browser, live_server, user):
    """A browser session of its own for one member of the cast, signed in."""
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_test_id("greeting")).to_be_visible()
    return context, page


@pytest.fixture
def helpdesk_reference_data(db):
    """What the data migration provides (transactional tests flush it): a category without a
    default agent, a priority, and a calendar that is always open."""
    WorkingPeriod.objects.all().delete()
    for day in range(7):
        WorkingPeriod.objects.create(weekday=day, starts=time(0, 0), ends=time(23, 59))
    Priority.objects.get_or_create(
        name="Normale", defaults={"rank": 3, "response_hours": 4, "resolution_hours": 24}
    )
    CannedReply.objects.create(
        title="Compte débloqué",
        body="Votre compte est débloqué : reconnectez-vous au webmail.",
    )
    category, _ = Category.objects.update_or_create(
        name="Messagerie professionnelle", defaults={"default_assignee": None, "is_active": True}
    )
    return category


def test_a_ticket_from_filing_to_rating(
    browser, live_server, cast, helpdesk_reference_data, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    capture = tmp_path / "capture webmail.pdf"
    capture.write_bytes(PDF)

    # Aïcha files the ticket with a screenshot.
    dsi_context, dsi = open_as(browser, live_server, cast.dsi_health)
    dsi.goto("/helpdesk/new/")
    dsi.get_by_label("Objet").fill("Webmail inaccessible")
    dsi.get_by_label("Description").fill("Nos mots de passe sont refusés depuis ce matin.")
    dsi.get_by_label("Catégorie").select_option(label="Messagerie professionnelle")
    dsi.get_by_label("Priorité").select_option(
        label="Normale — réponse sous 4 h, résolution sous 24 h"
    )
    dsi.get_by_label("Pièces jointes").set_input_files(str(capture))
    dsi.get_by_role("button", name="Envoyer la demande").click()
    reference = Ticket.objects.get().reference
    expect(dsi.get_by_text(f"sous la référence {reference}")).to_be_visible()
    expect(dsi.get_by_test_id("description")).to_contain_text("capture webmail.pdf")

    # Karim takes it, writes an internal note, then answers with a canned reply.
    agent_context, agent = open_as(browser, live_server, cast.agent)
    agent.goto(f"/helpdesk/{reference}/")
    agent.get_by_role("button", name="Prendre en charge").click()
    expect(agent.get_by_text("Vous avez pris la demande en charge.")).to_be_visible()
    expect(agent.get_by_test_id("assignee")).to_have_text("Karim Sanou")
    agent.get_by_label("Message").fill("Compte bloqué par le pare-feu après trois essais.")
    agent.get_by_label("Note interne").check()
    agent.get_by_role("button", name="Envoyer", exact=True).click()
    expect(agent.get_by_text("Note interne enregistrée.")).to_be_visible()
    expect(agent.get_by_role("button", name="Insérer")).to_be_hidden()  # JavaScript fills it
    agent.get_by_label("Réponse type").select_option(label="Compte débloqué")
    expect(agent.get_by_label("Message")).to_have_value(
        "Votre compte est débloqué : reconnectez-vous au webmail."
    )
    # The reply and the resolution in one submit.
    agent.get_by_label("Puis passer la demande au statut").select_option(Status.RESOLVED.value)
    agent.get_by_role("button", name="Envoyer", exact=True).click()
    expect(
        agent.get_by_text("Votre message est envoyé. Statut de la demande : Résolue.")
    ).to_be_visible()
    expect(agent.get_by_test_id("status")).to_have_text("Résolue")
    expect(agent.get_by_test_id("internal-note")).to_contain_text("pare-feu")

    # Aïcha sees the reply and not the note, confirms the resolution and rates the service.
    dsi.goto(f"/helpdesk/{reference}/")
    expect(dsi.get_by_test_id("conversation")).to_contain_text("Votre compte est débloqué")
    expect(dsi.get_by_test_id("conversation")).not_to_contain_text("pare-feu")
    expect(dsi.get_by_test_id("internal-note")).to_have_count(0)
    dsi.get_by_role("button", name="Confirmer la résolution").click()
    expect(dsi.get_by_text("la résolution est confirmée")).to_be_visible()
    expect(dsi.get_by_test_id("status")).to_have_text("Clôturée")
    dsi.get_by_label("5 — Très satisfait").check()
    dsi.get_by_label("Commentaire (facultatif)").fill("Réglé en une heure, merci.")
    dsi.get_by_role("button", name="Noter le service").click()
    expect(dsi.get_by_text("Merci pour votre avis.")).to_be_visible()
    expect(dsi.get_by_test_id("satisfaction")).to_contain_text("5/5")

    ticket = Ticket.objects.get()
    assert (ticket.status, ticket.satisfaction, ticket.assignee) == (
        Status.CLOSED,
        5,
        cast.agent,
    )
    assert ticket.first_response_at is not None
    for context in (dsi_context, agent_context):
        context.close()
