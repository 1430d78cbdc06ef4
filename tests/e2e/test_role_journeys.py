"""Each role's main task, from the login page to its end, on a phone, in Chromium.

Every page reached is audited (see PageAudit in conftest.py): nothing leaves the portal's
origin, under 200 KB on a first visit, no horizontal scrolling at 390 px, no serious or
critical axe-core violation, nothing blocked by the Content-Security-Policy. The last page of
each journey is saved as a screenshot (var/screenshots/<role>.png, or JOURNEY_SCREENSHOTS).
"""

import re
from datetime import date

from playwright.sync_api import expect

from helpdesk.models import Status
from recommendations.models import StatusUpdate

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_dsi_reports_a_recommendation_implemented_with_evidence(
    journey, cast, make_recommendation, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    recommendation = make_recommendation("Généraliser la messagerie professionnelle")
    page, audit = journey(cast.dsi_health)

    page.get_by_role("link", name=re.compile(recommendation.reference)).first.click()
    audit.check()
    page.get_by_label("Nouveau statut").select_option("implemented")
    page.get_by_label("Avancement (%)").fill("100")
    page.get_by_label("Ce qui a été fait").fill("Toutes les boîtes sont migrées")
    evidence = tmp_path / "PV de recette.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Pièces justificatives").set_input_files(str(evidence))
    page.get_by_role("button", name="Envoyer la mise à jour").click()
    expect(page.get_by_text("Mise à jour envoyée : le Secrétariat va la valider.")).to_be_visible()
    expect(page.get_by_test_id("timeline")).to_contain_text("PV de recette.pdf")
    audit.check()
    audit.finish("dsi")

    update = StatusUpdate.objects.get(recommendation=recommendation)
    assert (update.author, update.progress) == (cast.dsi_health, 100)


def test_the_anptic_agent_takes_answers_and_resolves_a_ticket(
    journey, cast, make_ticket, mail_category
):
    mail_category.default_assignee = None  # the queue's unassigned ticket
    mail_category.save()
    ticket = make_ticket("Webmail inaccessible")
    page, audit = journey(cast.agent)

    page.goto("/helpdesk/")
    audit.check()
    page.get_by_role("link", name=re.compile(ticket.reference)).first.click()
    audit.check()
    page.get_by_role("button", name="Prendre en charge").click()
    expect(page.get_by_text("Vous avez pris la demande en charge.")).to_be_visible()
    audit.check()
    page.get_by_label("Message").fill("Votre compte est débloqué : reconnectez-vous au webmail.")
    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.get_by_text("Votre message est envoyé.")).to_be_visible()
    audit.check()
    page.get_by_label("Nouveau statut").select_option(Status.RESOLVED.value)
    page.get_by_role("button", name="Changer le statut").click()
    expect(page.get_by_test_id("status")).to_have_text("Résolue")
    audit.check()
    audit.finish("anptic-agent")

    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == (Status.RESOLVED, cast.agent)


def test_the_secretariat_creates_a_meeting_invites_and_records_attendance(journey, cast):
    page, audit = journey(cast.secretariat)

    page.goto("/meetings/")
    audit.check()
    page.get_by_role("link", name="Nouvelle réunion").click()
    audit.check()
    page.get_by_label("Intitulé").fill("3ème rencontre 2022 entre le MTDPCE et les DSI")
    page.get_by_label("Début").fill("2022-07-14T09:00")
    page.get_by_label("Fin", exact=True).fill("2022-07-14T13:00")
    page.get_by_label("Lieu").fill("Salle de conférence du MTDPCE")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "3ème rencontre 2022 entre le MTDPCE et les DSI"
    )
    audit.check()
    meeting_url = page.url
    page.get_by_role("link", name="Inviter", exact=True).click()
    audit.check()
    page.get_by_label("MS — Ministère de la Santé").check()
    page.get_by_label("MENA — Ministère de l'Éducation nationale").check()
    page.get_by_role("button", name="Envoyer les invitations").click()
    expect(page.get_by_text("2 personnes invitées.")).to_be_visible()
    audit.check()
    page.goto(meeting_url)
    audit.check()
    page.get_by_role("link", name="Registre de présence").click()
    audit.check()
    page.get_by_label("Aïcha Kaboré").select_option("present")
    page.get_by_label("Boubacar Ilboudo").select_option("excused")
    page.get_by_role("button", name="Enregistrer le registre").click()
    expect(page.get_by_text("Le registre de présence est enregistré.")).to_be_visible()
    audit.check()
    audit.finish("secretariat")


def test_the_secretary_general_follows_a_dashboard_figure_to_the_list(
    journey, cast, make_recommendation
):
    late = make_recommendation("Déployer le serveur de fichiers", due_date=date(2022, 3, 31))
    make_recommendation("Raccorder les ministères au RESINA", lead=cast.education)
    page, audit = journey(cast.secretary_general)

    page.goto("/recommendations/dashboard/")
    expect(page.get_by_test_id("total")).to_have_text("2")
    audit.check()
    page.get_by_test_id("overdue").click()
    expect(page.get_by_role("link", name=re.compile(late.reference))).to_be_visible()
    audit.check()
    audit.finish("secretary-general", show=page.get_by_test_id("recommendations-table"))
