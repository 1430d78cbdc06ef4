import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Structure
from meetings.models import Meeting
from tests.conftest import make_user


def test_a_meeting_from_creation_to_published_minutes(page, log_in, cast, browser):
    finance = Structure.objects.create(
        name="Ministère de l'Économie et des Finances", acronym="MEF"
    )
    make_user("dsi@finances.gov.bf", finance, cast.dsi_health.role, first_name="Rasmané")

    # The Secretariat creates the meeting, two weeks ahead, and invites three ministries in one
    # action.
    day = timezone.localtime(timezone.now() + timedelta(days=14)).strftime("%Y-%m-%d")
    log_in(cast.secretariat.email)
    page.goto("/meetings/")
    page.get_by_role("link", name="Nouvelle réunion").click()
    page.get_by_label("Intitulé").fill("3ème rencontre 2022 entre le MTDPCE et les DSI")
    page.get_by_label("Début").fill(f"{day}T09:00")
    page.get_by_label("Fin", exact=True).fill(f"{day}T13:00")
    page.get_by_label("Lieu").fill("Salle de conférence du MTDPCE")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "3ème rencontre 2022 entre le MTDPCE et les DSI"
    )
    meeting_url = page.url

    page.get_by_role("link", name="Inviter", exact=True).click()
    # The structures are a list of checkboxes with a filter box, accents ignored.
    page.get_by_label("Filtrer par sigle ou nom").fill("economie")
    expect(page.get_by_label("MS — Ministère de la Santé")).to_be_hidden()
    page.get_by_label(f"MEF — {finance.name}").check()
    page.get_by_label("Filtrer par sigle ou nom").fill("")
    page.get_by_label("MS — Ministère de la Santé").check()
    page.get_by_label("MENA — Ministère de l'Éducation nationale").check()
    expect(page.get_by_label(f"MEF — {finance.name}")).to_be_checked()
    page.get_by_role("button", name="Envoyer les invitations").click()
    expect(page.get_by_text("3 personnes invitées.")).to_be_visible()
    expect(page.get_by_test_id("not-answered")).to_contain_text("Aïcha Kaboré")

    # The health DSI accepts.
    context = browser.new_context(base_url=page.url.split("/meetings")[0], locale="fr-FR")
    dsi = context.new_page()
    dsi.goto("/accounts/login/")
    dsi.get_by_label("Adresse e-mail").fill(cast.dsi_health.email)
    from tests.conftest import PASSWORD

    dsi.get_by_label("Mot de passe").fill(PASSWORD)
    dsi.get_by_role("button", name="Se connecter").click()
    dsi.goto(meeting_url)
    dsi.get_by_label("Je participerai").check()
    dsi.get_by_role("button", name="Envoyer ma réponse").click()
    expect(dsi.get_by_test_id("my-response")).to_have_text("Participera")

    # The DSI fills in the situation of their DSI, and the Secretariat sees it.
    dsi.goto(meeting_url)
    dsi.get_by_role("link", name="Renseigner la situation de ma DSI").click()
    dsi.get_by_label("Ingénieurs informaticiens").fill("5")
    dsi.get_by_role("group", name="Messagerie professionnelle de l'administration").get_by_label(
        "Généralisé"
    ).check()
    dsi.get_by_label("Principales difficultés").fill("Débit insuffisant en région")
    dsi.get_by_role("button", name="Enregistrer").click()
    expect(dsi.get_by_text("La situation de votre DSI est enregistrée")).to_be_visible()

    page.goto(meeting_url)
    page.get_by_role("link", name="Situation des DSI (tableau consolidé)").click()
    table = page.get_by_test_id("situations-table")
    expect(table).to_contain_text("Débit insuffisant en région")
    expect(page.get_by_test_id("situations-missing")).to_contain_text("MENA")

    # Two weeks later the meeting takes place. The Secretariat records attendance and publishes
    # the minutes.
    meeting = Meeting.objects.get(title="3ème rencontre 2022 entre le MTDPCE et les DSI")
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(hours=1), ends_at=timezone.now() + timedelta(hours=3)
    )
    page.goto(meeting_url)
    page.get_by_role("link", name="Registre de présence").click()
    page.get_by_label("Aïcha Kaboré").select_option("present")
    page.get_by_label("Boubacar Ilboudo").select_option("excused")
    page.get_by_role("button", name="Enregistrer le registre").click()
    expect(page.get_by_text("Le registre de présence est enregistré.")).to_be_visible()
    page.goto(meeting_url)
    page.get_by_test_id("minutes").get_by_role("link", name="Rédiger").click()
    page.get_by_label("Compte rendu (Markdown)").fill(
        "# Relevé de décisions\n\n- Généraliser la messagerie"
    )
    page.get_by_role("button", name="Enregistrer une nouvelle version").click()
    expect(page.get_by_text("Compte rendu enregistré (version 1).")).to_be_visible()
    page.get_by_test_id("minutes").get_by_role("button", name="Publier").click()
    expect(page.get_by_text("Le compte rendu est publié")).to_be_visible()

    # The DSI reads them.
    dsi.goto(meeting_url)
    expect(
        dsi.get_by_test_id("minutes").get_by_role("heading", name="Relevé de décisions")
    ).to_be_visible()
    expect(dsi.get_by_test_id("minutes")).to_contain_text("Généraliser la messagerie")
    with dsi.expect_download() as download_info:
        dsi.get_by_test_id("minutes-pdf").click(modifiers=["Alt"])
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    # The meeting has begun: it asks for no reply and no situation any more.
    expect(dsi.get_by_test_id("answers-closed")).to_contain_text("a commencé")
    expect(dsi.get_by_role("button", name="Envoyer ma réponse")).to_have_count(0)
    expect(dsi.get_by_role("link", name="Renseigner la situation de ma DSI")).to_have_count(0)

    # A typo is found: the Secretariat corrects the published minutes, saying why; the DSI
    # sees the correction and what changed.
    page.goto(meeting_url)
    page.get_by_test_id("minutes").get_by_role("link", name="Corriger").click()
    expect(page.get_by_test_id("correction-explained")).to_be_visible()
    page.get_by_label("Compte rendu (Markdown)").fill(
        "# Relevé de décisions\n\n- Généraliser la messagerie professionnelle"
    )
    page.get_by_label("Motif de la correction").fill("Précision sur la messagerie")
    page.get_by_role("button", name="Enregistrer la correction").click()
    expect(page.get_by_text("Correction enregistrée (version 2)")).to_be_visible()
    dsi.goto(meeting_url)
    expect(dsi.get_by_test_id("minutes-correction")).to_contain_text("Précision sur la messagerie")
    dsi.get_by_test_id("minutes-correction").get_by_role("link").click()
    expect(dsi.get_by_test_id("diff").locator("ins")).to_have_text(" professionnelle")

    assert re.search(r"/meetings/\d+/$", meeting_url)
    context.close()
