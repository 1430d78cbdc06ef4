"""A form sent twice does its work once (core.submissions): a double click, a reload, six
parallel requests of the same form. Each creating form of the portal carries the one-time token
as rendered; the duplicates are sent where the first one led, with a message saying so."""

import re
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client

from core import outbox
from helpdesk import services as helpdesk_services
from helpdesk.models import Event, Message, Status, Ticket
from recommendations.models import Recommendation, StatusUpdate

from ..recommendations.importing import URL as IMPORT_URL
from ..recommendations.importing import upload, xlsx

PARALLEL = 6


def form_token(client, address, action=None):
    """The one-time token of the form on the page at ``address`` that posts to ``action`` (the
    page itself by default), as a browser sends it."""
    page = client.get(address).content.decode()
    action = action or address
    for form in re.findall(r"<form\b.*?</form>", page, re.S):
        opening = form[: form.index(">")]
        target = re.search(r'action="([^"]*)"', opening)
        if (target[1] if target else address) == action and 'method="post"' in opening.lower():
            found = re.search(r'name="submission" value="([^"]+)"', form)
            assert found, f"the form posting to {action} carries no one-time token"
            return found.group(1)
    raise AssertionError(f"no form posting to {action} on the page")


def sent_in_parallel(client, url, data):
    """The same form, sent PARALLEL times at once by the same browser (its cookies)."""
    barrier = Barrier(PARALLEL)

    def one(_):
        from django.db import connections

        browser = Client()
        browser.cookies = client.cookies
        barrier.wait()
        try:
            return browser.post(url, data).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(one, range(PARALLEL)))


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_six_parallel_replies_make_one_message_and_one_email(login, cast, make_ticket):
    ticket = make_ticket()
    outbox.notifications_dispatch()
    mail.outbox.clear()
    client = login(cast.dsi_health)
    action = f"/helpdesk/{ticket.reference}/reply/"
    token = form_token(client, f"/helpdesk/{ticket.reference}/", action)
    statuses = sent_in_parallel(client, action, {"body": "Toujours bloqué.", "submission": token})
    assert statuses == [302] * PARALLEL
    assert Message.objects.filter(ticket=ticket, body="Toujours bloqué.").count() == 1
    outbox.notifications_dispatch()
    assert len([m for m in mail.outbox if "Toujours bloqué." in m.body]) <= 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_six_parallel_new_tickets_make_one_ticket(login, cast, calendar, mail_category, normal):
    client = login(cast.dsi_health)
    token = form_token(client, "/helpdesk/new/", "/helpdesk/new/")
    data = {
        "title": "Imprimante réseau hors service",
        "description": "Plus aucune impression depuis ce matin.",
        "category": mail_category.pk,
        "priority": normal.pk,
        "submission": token,
    }
    assert sent_in_parallel(client, "/helpdesk/new/", data) == [302] * PARALLEL
    assert Ticket.objects.filter(title="Imprimante réseau hors service").count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_six_parallel_takes_write_one_history_entry(login, cast, make_ticket):
    ticket = make_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(assignee=None)  # nobody's yet
    client = login(cast.agent)
    action = f"/helpdesk/{ticket.reference}/take/"
    token = form_token(client, f"/helpdesk/{ticket.reference}/", action)
    before = Event.objects.filter(ticket=ticket).count()
    assert sent_in_parallel(client, action, {"submission": token}) == [302] * PARALLEL
    ticket.refresh_from_db()
    assert ticket.assignee == cast.agent
    # Taking writes its entries once: what one take writes, six parallel ones write too.
    once = Event.objects.filter(ticket=ticket).count() - before
    assert 1 <= once <= 2


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_six_parallel_import_confirmations_import_once(login, cast, january_session, themes):
    client = login(cast.secretariat)
    file = xlsx(
        [
            [
                None,
                "Généraliser la messagerie",
                "MS",
                "Messagerie professionnelle",
                "2022-06-30",
                "En cours",
                None,
            ]
        ]
    )
    preview = upload(client, january_session, file).content.decode()
    form = re.search(r'<form method="post" class="d-flex gap-2">.*?</form>', preview, re.S)[0]
    token = re.search(r'name="submission" value="([^"]+)"', form)[1]
    data = {"step": "confirm", "token": re.search(r'name="token" value="([^"]+)"', preview)[1]}
    data["submission"] = token
    assert sent_in_parallel(client, IMPORT_URL, data) == [302] * PARALLEL
    assert Recommendation.objects.filter(text="Généraliser la messagerie").count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_six_parallel_updates_make_one_update(login, cast, make_recommendation):
    recommendation = make_recommendation()
    client = login(cast.dsi_health)
    action = f"/recommendations/{recommendation.pk}/update/"
    token = form_token(client, action)
    data = {"status": "in_progress", "progress": 30, "comment": "Lot 1 livré.", "submission": token}
    assert sent_in_parallel(client, action, data) == [302] * PARALLEL
    assert StatusUpdate.objects.filter(recommendation=recommendation).count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_six_parallel_ratings_rate_once(login, cast, make_ticket):
    ticket = make_ticket()
    helpdesk_services.ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    client = login(cast.dsi_health)
    action = f"/helpdesk/{ticket.reference}/rate/"
    token = form_token(client, f"/helpdesk/{ticket.reference}/", action)
    data = {"satisfaction": "4", "comment": "Rapide.", "submission": token}
    assert sent_in_parallel(client, action, data) == [302] * PARALLEL
    ticket.refresh_from_db()
    assert ticket.satisfaction == 4
    assert Event.objects.filter(ticket=ticket, field__icontains="satisfaction").count() <= 1


def test_a_form_sent_again_leads_to_the_first_result_with_a_message(login, cast, make_ticket):
    """The same on either database, one after the other: the reload of a sent form."""
    ticket = make_ticket()
    client = login(cast.dsi_health)
    action = f"/helpdesk/{ticket.reference}/reply/"
    token = form_token(client, f"/helpdesk/{ticket.reference}/", action)
    first = client.post(action, {"body": "Merci.", "submission": token})
    again = client.post(action, {"body": "Merci.", "submission": token})
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert [str(m) for m in get_messages(again.wsgi_request)][-1] == (
        "Ce formulaire avait déjà été envoyé : il n'a été pris en compte qu'une fois. "
        "Voici le résultat du premier envoi."
    )
    assert Message.objects.filter(ticket=ticket, body="Merci.").count() == 1
    # A new rendering of the form is a new token: the same words sent on purpose are kept.
    token = form_token(client, f"/helpdesk/{ticket.reference}/", action)
    client.post(action, {"body": "Merci.", "submission": token})
    assert Message.objects.filter(ticket=ticket, body="Merci.").count() == 2


def test_a_form_refused_for_its_content_can_be_corrected_and_sent(login, cast, make_ticket):
    ticket = make_ticket()
    client = login(cast.dsi_health)
    action = f"/helpdesk/{ticket.reference}/reply/"
    token = form_token(client, f"/helpdesk/{ticket.reference}/", action)
    refused = client.post(action, {"body": "", "submission": token})
    assert refused.status_code in (200, 302)
    assert client.post(action, {"body": "Corrigé.", "submission": token}).status_code == 302
    assert Message.objects.filter(ticket=ticket, body="Corrigé.").count() == 1


def test_another_users_token_does_not_replay_their_result(login, cast, make_ticket):
    ticket = make_ticket()
    client = login(cast.dsi_health)
    action = f"/helpdesk/{ticket.reference}/reply/"
    token = form_token(client, f"/helpdesk/{ticket.reference}/", action)
    client.post(action, {"body": "De la DSI.", "submission": token})
    agent = login(cast.agent)
    agent.post(action, {"body": "De l'agent.", "submission": token})
    assert Message.objects.filter(ticket=ticket, body="De l'agent.").count() == 1
