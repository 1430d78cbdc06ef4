"""Each role's job as issue 16 finished it, walked in Chromium at a phone's width.

The journeys of test_role_journeys.py follow each role's main task; these follow the work the
role walk found unfinished: what the reader sees at each step is asserted, and every page is
audited like the journeys' (origin, weight, width, accessibility, CSP).
"""

import re
from datetime import date

from playwright.sync_api import expect

from helpdesk.models import CannedReply, Status


def test_the_agent_keeps_canned_replies_finds_without_accents_and_answers_and_resolves_at_once(
    journey, cast, make_ticket, mail_category
):
    cast.agent.is_helpdesk_supervisor = True
    cast.agent.save(update_fields=["is_helpdesk_supervisor"])
    failing = make_ticket("Échec de connexion au webmail")
    make_ticket("Imprimante du secrétariat hors service")
    page, audit = journey(cast.agent)

    # The supervisor keeps the canned replies in the portal, not in Django's admin.
    page.goto("/helpdesk/")
    audit.check()
    page.get_by_role("link", name="Réponses types").click()
    audit.check()
    page.get_by_role("link", name="Nouvelle réponse type").click()
    audit.check()
    page.get_by_label("Titre").fill("Compte débloqué")
    page.get_by_label("Texte").fill("Votre compte est débloqué : reconnectez-vous au webmail.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_test_id("canned-replies")).to_contain_text("Compte débloqué")
    audit.check()
    assert CannedReply.objects.filter(title="Compte débloqué", is_active=True).exists()

    # The queue opens on the open tickets; a search typed without accents finds "Échec".
    page.goto("/helpdesk/")
    audit.check()
    # On a phone the filters are folded under "Filtrer" until one is active.
    expect(page.get_by_label("Rechercher").first).to_be_hidden()
    page.get_by_test_id("filters-toggle").click()
    page.get_by_label("Rechercher").first.fill("echec webmail")
    page.get_by_label("Rechercher").first.press("Enter")
    page.wait_for_load_state("load")
    audit.check()
    expect(page.get_by_role("link", name=re.compile(failing.reference)).first).to_be_visible()
    expect(page.get_by_test_id("active-filters")).to_have_text("1 filtre actif")
    expect(page.get_by_text("Imprimante du secrétariat hors service")).to_have_count(0)

    # The canned reply fills the message; the reply and the new status go in one submit.
    page.get_by_role("link", name=re.compile(failing.reference)).first.click()
    audit.check()
    page.get_by_label("Réponse type").select_option(label="Compte débloqué")
    expect(page.get_by_label("Message")).to_have_value(
        "Votre compte est débloqué : reconnectez-vous au webmail."
    )
    page.get_by_label("Puis passer la demande au statut").select_option(Status.RESOLVED.value)
    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text("Résolue")
    expect(page.get_by_test_id("conversation")).to_contain_text("Votre compte est débloqué")
    audit.check()
    audit.finish("anptic-agent-work")

    failing.refresh_from_db()
    assert failing.status == Status.RESOLVED
    assert failing.messages.filter(body__startswith="Votre compte est débloqué").count() == 1


def test_the_secretary_general_finds_the_report_as_pdf_and_spreadsheet_and_reads_the_charts(
    journey, cast, make_recommendation, january_session
):
    make_recommendation("Déployer le serveur de fichiers", due_date=date(2022, 3, 31))
    make_recommendation("Raccorder les ministères au RESINA", lead=cast.education)
    page, audit = journey(cast.secretary_general)

    page.goto(f"/meetings/{january_session.pk}/")
    audit.check()
    expect(page.get_by_test_id("report-pdf")).to_have_text("Rapport de mise en œuvre (PDF)")
    expect(page.get_by_test_id("report-xlsx")).to_have_text("Rapport de mise en œuvre (XLSX)")
    spreadsheet = page.request.get(page.get_by_test_id("report-xlsx").get_attribute("href"))
    assert spreadsheet.status == 200
    assert spreadsheet.body()[:2] == b"PK"

    page.goto("/recommendations/dashboard/")
    audit.check()
    expect(page.get_by_test_id("total")).to_have_text("2")
    charts = page.locator("svg.chart")
    assert charts.count() >= 4
    for index in range(charts.count()):
        chart = charts.nth(index)
        expect(chart.locator("text.chart-title")).not_to_be_empty()
        expect(chart.locator("text.chart-legend").first).to_be_visible()
        # Drawn text stays readable on the phone: at least 11 px once the chart is scaled.
        smallest = chart.evaluate(
            "svg => Math.min(...[...svg.querySelectorAll('text')]"
            ".map(t => t.getBoundingClientRect().height).filter(h => h > 0))"
        )
        assert smallest >= 11, f"chart {index}: {smallest} px"
    audit.finish("secretary-general-work")


def test_the_secretariat_invites_a_structure_without_account_and_records_who_came_for_it(
    journey, cast, april_session
):
    from accounts.models import Structure

    Structure.objects.create(
        acronym="SGG-CM",
        name="Secrétariat général du Gouvernement et du Conseil des ministres",
        kind=Structure.Kind.INSTITUTION,
    )
    page, audit = journey(cast.secretariat)

    page.goto(f"/meetings/{april_session.pk}/invite/")
    audit.check()
    # Structures are a filterable list of checkboxes, acronym and name; those without an
    # account on the portal are offered, and said to be.
    page.get_by_label("Filtrer par sigle ou nom").fill("conseil des ministres")
    structure = page.get_by_label(re.compile("^SGG-CM — Secrétariat général du Gouvernement"))
    expect(page.get_by_test_id("without-account").filter(visible=True)).to_have_count(1)
    expect(page.get_by_label("MS — Ministère de la Santé")).to_be_hidden()
    structure.check()
    page.get_by_label("Filtrer par sigle ou nom").fill("")
    page.get_by_label("MS — Ministère de la Santé").check()
    page.get_by_role("button", name="Envoyer les invitations").click()
    expect(page.get_by_text("1 personne invitée.")).to_be_visible()
    audit.check()

    page.goto(f"/meetings/{april_session.pk}/attendance/")
    audit.check()
    page.get_by_label("Personne venue pour SGG-CM").fill("Mariam Sawadogo, chargée d'études")
    page.get_by_label("Présence de SGG-CM").select_option("present")
    page.get_by_label("Aïcha Kaboré").select_option("excused")
    page.get_by_role("button", name="Enregistrer le registre").click()
    expect(page.get_by_text("Le registre de présence est enregistré.")).to_be_visible()
    expect(page.get_by_label("Personne venue pour SGG-CM")).to_have_value(
        "Mariam Sawadogo, chargée d'études"
    )
    audit.check()

    # The meeting page shows the structure with whoever came for it.
    page.goto(f"/meetings/{april_session.pk}/")
    audit.check()
    expect(page.locator("body")).to_contain_text("SGG-CM")
    expect(page.locator("body")).to_contain_text("Mariam Sawadogo")
    audit.finish("secretariat-work")
