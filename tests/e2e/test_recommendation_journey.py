import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def open_as(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(20_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_test_id("greeting")).to_be_visible()
    return context, page


def test_an_update_with_evidence_validated_changes_the_dashboard(
    browser, live_server, cast, make_recommendation, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    recommendation = make_recommendation("Généraliser la messagerie professionnelle")
    make_recommendation("Déployer le serveur de fichiers", lead=cast.education)

    sg_context, sg = open_as(browser, live_server, cast.secretary_general)
    sg.goto("/recommendations/dashboard/")
    expect(sg.get_by_test_id("rate")).to_have_text("0,0 %")

    # The health DSI reports it implemented, with evidence, two clicks from the home page.
    dsi_context, dsi = open_as(browser, live_server, cast.dsi_health)
    dsi.get_by_role("link", name=re.compile(recommendation.reference)).first.click()
    dsi.get_by_label("Nouveau statut").select_option("implemented")
    dsi.get_by_label("Avancement (%)").fill("100")
    dsi.get_by_label("Ce qui a été fait").fill("Toutes les boîtes sont migrées")
    evidence = tmp_path / "PV de recette.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    dsi.get_by_label("Pièces justificatives").set_input_files(str(evidence))
    dsi.get_by_role("button", name="Envoyer la mise à jour").click()
    expect(dsi.get_by_text("Mise à jour envoyée : le Secrétariat va la valider.")).to_be_visible()
    expect(dsi.get_by_test_id("timeline")).to_contain_text("PV de recette.pdf")

    # Nothing changes before validation.
    sg.reload()
    expect(sg.get_by_test_id("rate")).to_have_text("0,0 %")

    # The Secretariat validates it from its queue.
    sec_context, sec = open_as(browser, live_server, cast.secretariat)
    sec.goto("/recommendations/validations/")
    sec.get_by_role("button", name="Valider").click()
    expect(sec.get_by_text("Mise à jour validée")).to_be_visible()

    # The Secretary General sees the dashboard change: 1 implemented out of 2.
    sg.reload()
    expect(sg.get_by_test_id("rate")).to_have_text("50,0 %")
    for context in (sg_context, dsi_context, sec_context):
        context.close()


def test_the_agenda_items_offered_are_those_of_the_chosen_session(
    browser, live_server, cast, january_session, april_session, themes
):
    from meetings.models import AgendaItem

    AgendaItem.objects.create(meeting=january_session, position=1, title="Messagerie pro")
    AgendaItem.objects.create(meeting=april_session, position=9, title="Helpdesk ANPTIC")
    context, page = open_as(browser, live_server, cast.secretariat)
    page.goto("/recommendations/new/")
    items = page.get_by_label("Point de l'ordre du jour")
    page.get_by_label("Session").select_option(str(january_session.pk))
    expect(items.locator("option")).to_have_count(2)
    expect(items).to_contain_text("Messagerie pro")
    page.get_by_label("Session").select_option(str(april_session.pk))
    expect(items).not_to_contain_text("Messagerie pro")
    expect(items).to_contain_text("Helpdesk ANPTIC")
    context.close()


def test_a_rejected_update_is_corrected_and_sent_again_from_the_home_page(
    browser, live_server, cast, make_recommendation, tmp_path, settings
):
    from recommendations.models import Status
    from recommendations.services import update_reject, update_submit
    from tests.recommendations.helpers import pdf_file

    settings.MEDIA_ROOT = tmp_path
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=make_recommendation(),
        status=Status.IN_PROGRESS,
        progress=40,
        comment="Comptes créés",
        evidence=[pdf_file("PV de recette.pdf")],
    )
    update_reject(actor=cast.secretariat, update=update, reason="Précisez le nombre de comptes.")
    context, page = open_as(browser, live_server, cast.dsi_health)
    actions = page.locator('[data-panel="actions"]')
    expect(actions).to_contain_text("Motif : Précisez le nombre de comptes.")
    actions.get_by_role("link", name=re.compile("mise à jour rejetée")).click()
    expect(page.get_by_test_id("rejection-reason")).to_have_text("Précisez le nombre de comptes.")
    expect(page.get_by_label("Ce qui a été fait")).to_have_value("Comptes créés")
    expect(page.get_by_label("PV de recette.pdf")).to_be_checked()
    page.get_by_label("Ce qui a été fait").fill("Comptes créés : 1 200 sur 2 400")
    page.get_by_role("button", name="Renvoyer la mise à jour").click()
    expect(page.get_by_text("Mise à jour renvoyée")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text("PV de recette.pdf")
    context.close()
