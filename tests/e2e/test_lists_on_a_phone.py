"""The main lists on a phone (issue 17): at 390 px each row is a card, read without scrolling
sideways, with its link or action in view and each value beside its column's label; at 1280 px
the same lists are ordinary tables with their header row."""

import re
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from meetings.services import meeting_create
from tests.e2e.conftest import PHONE

DESKTOP = {"width": 1280, "height": 900}

# Per row of the list: where its main link or button ends, whether it is visible, and each
# labelled cell's label (the ::before) and where its value starts and ends.
ROWS = """table => [...table.tBodies[0].rows].map(row => {
    const main = row.querySelector('.btn') || row.querySelector('.table-stack-title a');
    const box = main.getBoundingClientRect();
    return {
        main: main.textContent.trim(),
        right: box.right,
        visible: box.width > 0 && box.height > 0 && main.checkVisibility(),
        cells: [...row.querySelectorAll('td[data-label]')].map(cell => {
            const value = document.createRange();
            value.selectNodeContents(cell);
            const before = getComputedStyle(cell, '::before');
            return {
                label: cell.dataset.label,
                shown: before.content,
                cellLeft: cell.getBoundingClientRect().left,
                cellTop: cell.getBoundingClientRect().top,
                valueLeft: value.getBoundingClientRect().left,
                valueTop: value.getBoundingClientRect().top,
                valueRight: value.getBoundingClientRect().right,
            };
        }),
    };
})"""


def _document_fits(page):
    width, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client, f"the page is {width} px wide on a {client} px screen"


def _assert_cards(page, testid, labels):
    """Each row of the list is a card: its main link or action within the screen, each value
    on the line of its label, to the label's right, and no hint that the list scrolls."""
    _document_fits(page)
    table = page.get_by_test_id(testid).first
    rows = table.evaluate(ROWS)
    assert rows, f"{testid}: no rows"
    for row in rows:
        assert row["visible"] and row["right"] <= PHONE["width"], row
        shown = {cell["label"] for cell in row["cells"]}
        assert labels <= shown, f"{row['main']}: labels {shown}, expected {labels}"
        for cell in row["cells"]:
            assert cell["shown"] == f'"{cell["label"]}"', cell
            assert cell["valueLeft"] >= cell["cellLeft"] + 100, f"value under its label: {cell}"
            assert abs(cell["valueTop"] - cell["cellTop"]) < 12, f"value below its label: {cell}"
            assert cell["valueRight"] <= PHONE["width"], cell
    # The header row is hidden from the eye, not from screen readers: each column keeps its name.
    for label in labels:
        expect(table.get_by_role("columnheader", name=label, exact=True)).to_have_count(1)
    expect(page.locator(".table-scroll-hint:visible")).to_have_count(0)


def _assert_table(page, testid, headers):
    """The ordinary table on a desktop: its header row shown, no label before a value."""
    table = page.get_by_test_id(testid).first
    for header in headers:
        expect(table.get_by_role("columnheader", name=header)).to_be_visible()
    cell = table.locator("td[data-label]").first
    assert cell.evaluate("cell => getComputedStyle(cell, '::before').content") == "none"
    assert cell.evaluate("cell => getComputedStyle(cell).display") == "table-cell"


def _on_desktop(browser, live_server, page, path):
    """The page at 1280 px, in the phone's session."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport=DESKTOP,
        storage_state=page.context.storage_state(),
    )
    desktop = context.new_page()
    desktop.goto(path)
    return context, desktop


def test_a_dsi_reads_each_recommendation_and_ticket_as_a_card_on_a_phone(
    journey, browser, live_server, cast, make_recommendation, make_ticket
):
    soon = timezone.localdate() + timedelta(days=10)
    make_recommendation(
        "Généraliser la messagerie professionnelle à tous les agents de l'administration "
        "centrale et des directions régionales, avec un annuaire partagé.",
        due_date=soon,
    )
    make_recommendation("Déployer le serveur de fichiers partagé", due_date=date(2022, 3, 31))
    make_recommendation("Raccorder les directions régionales au RESINA", lead=cast.education)
    make_ticket("Webmail inaccessible depuis les directions régionales de la santé")
    page, audit = journey(cast.dsi_health)

    page.goto("/recommendations/mine/")
    audit.check()
    _assert_cards(page, "recommendations-table", {"Pilote", "Échéance", "Statut", "Avancement"})
    update = page.get_by_test_id("due-soon").get_by_role("link", name="Mettre à jour")
    expect(update).to_be_in_viewport()
    # A list that fits its box is no extra stop for the Tab key.
    assert page.locator(".table-responsive[tabindex]").count() == 0

    page.goto("/recommendations/?overdue=1")
    audit.check()
    _assert_cards(page, "recommendations-table", {"Échéance", "Statut"})
    expect(page.get_by_test_id("recommendations-table")).to_contain_text("jours de retard")

    page.goto("/helpdesk/")
    audit.check()
    _assert_cards(page, "tickets-table", {"Statut", "Catégorie", "Mise à jour"})
    audit.finish("dsi-list-cards")

    context, desktop = _on_desktop(browser, live_server, page, "/recommendations/mine/")
    _assert_table(desktop, "recommendations-table", ["Référence", "Échéance", "Statut"])
    context.close()


def test_an_agent_reads_the_queue_as_cards_on_a_phone(
    journey, browser, live_server, cast, make_ticket
):
    make_ticket("Webmail inaccessible depuis les directions régionales de la santé")
    make_ticket("Imprimante du secrétariat hors service", requester=cast.dsi_education)
    page, audit = journey(cast.agent)

    page.goto("/helpdesk/")
    audit.check()
    _assert_cards(page, "queue-table", {"Priorité", "Statut", "Résolution attendue"})
    first = page.get_by_test_id("queue-table").get_by_role("checkbox").first
    expect(first).to_be_visible()
    audit.finish("agent-queue-cards")

    context, desktop = _on_desktop(browser, live_server, page, "/helpdesk/")
    _assert_table(desktop, "queue-table", ["Référence", "Statut", "Résolution attendue"])
    context.close()


def test_the_secretariat_reads_the_meetings_as_cards_on_a_phone(journey, cast, january_session):
    start = timezone.now() + timedelta(days=10)
    meeting_create(
        actor=cast.secretariat,
        title="3ème rencontre 2022 entre le MTDPCE et les DSI sur la transformation digitale",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        venue="Salle de conférence du Ministère des Affaires étrangères",
    )
    page, audit = journey(cast.secretariat)

    page.goto("/meetings/")
    audit.check()
    table = page.get_by_test_id("meetings")
    _assert_cards(page, "meetings", {"Date", "Lieu", "Statut"})
    # The meeting's title, not its date, is the card's first line.
    title = table.get_by_role("link", name=re.compile("3ème rencontre"))
    date_cell = table.locator("tbody tr").first.locator("td[data-label]").first
    assert title.bounding_box()["y"] < date_cell.bounding_box()["y"]
