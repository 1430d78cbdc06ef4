from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.summaries import summaries_forget
from meetings.models import Meeting
from meetings.services import invitations_send
from recommendations.models import Recommendation, Status, StatusUpdate
from recommendations.services import recommendation_update, update_submit
from tests.conftest import at

from .helpers import PDF, pdf_file


def test_the_list_filters_by_structure_status_overdue_and_text(login, cast, make_recommendation):
    today = timezone.localdate()
    late = make_recommendation("Généraliser la messagerie", due_date=today - timedelta(days=3))
    other = make_recommendation(
        "Déployer le serveur de fichiers", lead=cast.education, due_date=today + timedelta(days=60)
    )
    client = login(cast.dsi_health)

    def refs(**params):
        response = client.get("/recommendations/", params)
        return [r.reference for r in response.context["page_obj"].object_list]

    assert refs() == [late.reference, other.reference]
    assert refs(structure=cast.education.pk) == [other.reference]
    assert refs(overdue="on") == [late.reference]
    assert refs(q="serveur") == [other.reference]
    assert refs(status="not_started", sort="-due_date") == [other.reference, late.reference]
    assert refs(due_after=str(today)) == [other.reference]


def test_the_list_makes_the_same_queries_for_10_or_500_recommendations(
    login, cast, january_session, themes
):
    login(cast.secretary_general).get("/")  # the staff warnings are cached from then on
    counts = []
    for total in (10, 500):
        missing = total - Recommendation.objects.count()
        start = Recommendation.objects.count()
        Recommendation.objects.bulk_create(
            Recommendation(
                reference=f"R-X-{start + i}",
                number=start + i + 1,
                text=f"Recommandation {start + i}",
                meeting=january_session,
                theme=themes["Serveur de fichiers"],
                lead_structure=cast.health if i % 2 else cast.education,
                due_date=timezone.localdate() - timedelta(days=i % 40),
            )
            for i in range(missing)
        )
        # The dashboard's figures computed by the request at each size (no summary kept).
        summaries_forget()
        for url in (
            "/recommendations/",
            "/recommendations/?overdue=on&sort=-days_late",
            "/recommendations/dashboard/",
        ):
            # One test client: log the reader in again before each page.
            viewer = login(cast.secretary_general if "dashboard" in url else cast.dsi_health)
            with CaptureQueriesContext(connection) as queries:
                assert viewer.get(url).status_code == 200
            counts.append((url, len(queries)))
    assert counts[:3] == counts[3:], counts


def test_mine_shows_what_my_structure_leads_or_contributes_to(login, cast, make_recommendation):
    lead = make_recommendation("Pilotée par la santé")
    contributed = make_recommendation(
        "Contribution", lead=cast.education, contributors=[cast.health]
    )
    foreign = make_recommendation("Autre", lead=cast.education)
    response = login(cast.dsi_health).get("/recommendations/mine/")
    shown = {r.pk for r in response.context["page_obj"].object_list}
    assert shown == {lead.pk, contributed.pk}
    assert foreign.pk not in shown


def test_mine_shows_a_page_at_a_time_and_says_how_many(login, cast, make_recommendation):
    """A ministry may lead hundreds of recommendations (issue 18): 25 a page, all reachable."""
    from recommendations.views.pages import PAGE_SIZE

    made = {make_recommendation(f"Recommandation {number}").pk for number in range(PAGE_SIZE + 2)}
    client = login(cast.dsi_health)
    first = client.get("/recommendations/mine/")
    second = client.get("/recommendations/mine/?page=2")
    pages = [list(first.context["page_obj"].object_list), second.context["page_obj"].object_list]
    assert [len(rows) for rows in pages] == [PAGE_SIZE, 2]
    assert {r.pk for rows in pages for r in rows} == made
    assert f"{PAGE_SIZE + 2} recommandations" in first.content.decode()
    assert 'href="?page=2"' in first.content.decode()


def test_a_dsi_updates_with_evidence_in_two_clicks_from_home(
    login, cast, make_recommendation, media
):
    recommendation = make_recommendation()
    client = login(cast.dsi_health)
    home = client.get("/").content.decode()
    update_url = f"/recommendations/{recommendation.pk}/update/"
    assert update_url in home
    response = client.post(
        update_url,
        {
            "status": "implemented",
            "progress": "100",
            "comment": "Toutes les boîtes sont migrées",
            "evidence": [SimpleUploadedFile("PV de recette.pdf", PDF)],
        },
    )
    assert response.status_code == 302
    update = StatusUpdate.objects.get()
    assert update.state == StatusUpdate.State.PENDING
    assert update.evidence.get().original_name == "PV de recette.pdf"
    download = client.get(f"/recommendations/evidence/{update.evidence.get().pk}/")
    assert download["Content-Disposition"].startswith("attachment;")


def test_implemented_without_evidence_is_refused_and_the_form_keeps_the_text(
    login, cast, make_recommendation
):
    recommendation = make_recommendation()
    response = login(cast.dsi_health).post(
        f"/recommendations/{recommendation.pk}/update/",
        {"status": "implemented", "progress": "100", "comment": "Texte à ne pas perdre"},
    )
    page = response.content.decode()
    assert "Joignez au moins une pièce justificative" in page
    assert "Texte à ne pas perdre" in page
    assert not StatusUpdate.objects.exists()


def test_the_secretariat_validates_and_rejects_from_the_queue(login, cast, make_recommendation):
    first = make_recommendation()
    second = make_recommendation("Autre")
    a = update_submit(
        actor=cast.dsi_health,
        recommendation=first,
        status=Status.IN_PROGRESS,
        progress=30,
        comment="A",
    )
    b = update_submit(
        actor=cast.dsi_health,
        recommendation=second,
        status=Status.IN_PROGRESS,
        progress=10,
        comment="B",
    )
    client = login(cast.secretariat)
    assert list(client.get("/recommendations/validations/").context["updates"]) == [a, b]
    client.post(f"/recommendations/updates/{a.pk}/validate/")
    client.post(f"/recommendations/updates/{b.pk}/reject/", {"reason": "Pas de preuve"})
    first.refresh_from_db()
    b.refresh_from_db()
    assert first.progress == 30
    assert b.state == StatusUpdate.State.REJECTED
    page = login(cast.dsi_health).get(f"/recommendations/{second.pk}/").content.decode()
    assert "Pas de preuve" in page


def test_the_detail_page_shows_the_timeline_and_the_history(
    login, cast, make_recommendation, media
):
    recommendation = make_recommendation()
    update_submit(
        actor=cast.secretariat,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=50,
        comment="Migration de la moitié des boîtes de la direction centrale",
        evidence=[pdf_file("Compte rendu de migration.pdf")],
    )
    recommendation_update(
        actor=cast.secretariat, recommendation=recommendation, due_date=date(2022, 9, 30)
    )

    page = login(cast.dsi_education).get(f"/recommendations/{recommendation.pk}/").content.decode()

    timeline = page[page.index('data-testid="timeline"') : page.index('data-testid="history"')]
    assert "Migration de la moitié des boîtes de la direction centrale" in timeline
    assert "En cours · 50 %" in timeline
    assert "Compte rendu de migration.pdf" in timeline
    history = page[page.index('data-testid="history"') :]
    assert "Historique des modifications" in history
    # The audit rows, old value → new value: the progress of the update, then the due date.
    assert "avancement (%)</strong>" in history
    assert "0 → 50" in history
    assert "échéance</strong>" in history
    assert "30 juin 2022 → 30 septembre 2022" in history
    assert "Fatimata Diallo" in history


def test_the_validation_redirect_never_leaves_the_portal(login, cast, make_recommendation):
    recommendation = make_recommendation()
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=5,
        comment="x",
    )
    response = login(cast.secretariat).post(
        f"/recommendations/updates/{update.pk}/validate/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/recommendations/validations/"


def test_an_update_is_marked_as_reviewed_at_a_session(
    login, cast, make_recommendation, april_session
):
    recommendation = make_recommendation()
    update = update_submit(
        actor=cast.secretariat,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=40,
        comment="x",
    )
    client = login(cast.secretariat)
    assert (
        f"/recommendations/updates/{update.pk}/reviewed/"
        in client.get(f"/recommendations/{recommendation.pk}/").content.decode()
    )
    client.post(f"/recommendations/updates/{update.pk}/reviewed/", {"meeting": april_session.pk})
    update.refresh_from_db()
    assert update.reviewed_at_meeting == april_session
    assert (
        login(cast.dsi_health)
        .post(f"/recommendations/updates/{update.pk}/reviewed/", {"meeting": april_session.pk})
        .status_code
        == 404
    )


def test_the_lead_filter_leaves_out_what_a_structure_only_contributes_to(
    login, cast, make_recommendation
):
    led = make_recommendation("Pilotée par la santé")
    make_recommendation("Contribution de la santé", lead=cast.education, contributors=[cast.health])
    client = login(cast.dsi_education)

    def texts(**params):
        response = client.get("/recommendations/", params)
        return sorted(r.text for r in response.context["page_obj"].object_list)

    assert texts(lead=cast.health.pk) == [led.text]
    assert texts(structure=cast.health.pk) == ["Contribution de la santé", led.text]


def test_the_session_filter_names_only_sessions_with_recommendations_the_user_may_see(
    login, cast, make_recommendation, january_session, april_session
):
    make_recommendation()
    make_recommendation("Adoptée en avril", meeting=april_session)
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[cast.health])
    Meeting.objects.create(
        title="Séance restreinte sur la cybersécurité",
        starts_at=at(2022, 5, 5),
        ends_at=at(2022, 5, 5, 12),
        created_by=cast.secretariat,
    )

    def offered(user):
        form = login(user).get("/recommendations/").context["filter"].form
        return {meeting.title for meeting in form.fields["meeting"].queryset}

    # Aïcha is invited to January only: April (not invited, minutes not published) is not
    # named, nor the session without recommendations.
    assert offered(cast.dsi_health) == {january_session.title}
    page = login(cast.dsi_health).get("/recommendations/").content.decode()
    assert "Séance restreinte sur la cybersécurité" not in page
    assert offered(cast.secretary_general) == {january_session.title, april_session.title}


def test_the_edit_form_refuses_implemented_without_a_validated_proof(
    login, cast, make_recommendation
):
    recommendation = make_recommendation()
    data = {
        "text": recommendation.text,
        "theme": recommendation.theme_id,
        "lead_structure": cast.health.pk,
        "priority": "medium",
        "due_date": "2022-06-30",
        "status": "implemented",
        "progress": "40",
    }

    response = login(cast.secretariat).post(f"/recommendations/{recommendation.pk}/edit/", data)

    assert response.status_code == 200
    assert response.context["form"].errors["status"] == [
        "Une recommandation n'est déclarée mise en œuvre qu'avec une pièce justificative "
        "validée : enregistrez plutôt une mise à jour avec sa pièce justificative."
    ]
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress) == (Status.NOT_STARTED, 0)


def test_the_list_tells_june_from_july_in_its_due_dates(login, cast, make_recommendation):
    make_recommendation("Échéance de juin", due_date=date(2022, 6, 30))
    make_recommendation("Échéance de juillet", due_date=date(2022, 7, 15))
    page = login(cast.dsi_health).get("/recommendations/").content.decode()
    assert "30 juin 2022" in page
    assert "15 juil. 2022" in page


def test_contributors_are_a_checklist_with_whole_names_kept_on_save(
    login, cast, make_recommendation
):
    """Issue 17: a multiple select cut the structures' names at a phone's width; the form lists
    them as checkboxes (acronym and whole name), ticked for the current contributors, and
    unticking them all removes them."""
    recommendation = make_recommendation(contributors=[cast.education])
    client = login(cast.secretariat)
    page = client.get(f"/recommendations/{recommendation.pk}/edit/").content.decode()
    assert 'data-testid="checklist-contributors"' in page
    assert (
        "<select"
        not in page.split('data-testid="checklist-contributors"')[1].split("</fieldset>")[0]
    )
    assert "Ministère de l&#x27;Éducation nationale" in page
    ticked = f'value="{cast.education.pk}" id="id_contributors_'
    assert ticked in page and page.split(ticked)[1].split(">")[0].endswith("checked")
    data = {
        "text": recommendation.text,
        "theme": recommendation.theme_id,
        "lead_structure": cast.health.pk,
        "priority": "medium",
        "due_date": "2030-06-30",
        "status": "not_started",
        "progress": "0",
    }
    response = client.post(f"/recommendations/{recommendation.pk}/edit/", data)
    assert response.status_code == 302
    # Unticked: no contributor left (a checklist sends nothing for no box ticked).
    assert not recommendation.contributors.exists()


def test_the_updates_to_validate_come_25_a_page_and_a_validation_returns_to_its_page(
    login, cast, make_recommendation, still_clock
):
    updates = []
    for n in range(27):
        updates.append(
            update_submit(
                actor=cast.dsi_health,
                recommendation=make_recommendation(f"Recommandation {n}"),
                status=Status.IN_PROGRESS,
                progress=10,
                comment=f"Avancement {n}",
            )
        )
        still_clock.shift(timedelta(minutes=1))
    client = login(cast.secretariat)
    first = client.get("/recommendations/validations/")
    assert list(first.context["updates"]) == updates[:25]
    assert "27 mises à jour en attente" in first.content.decode()
    second = client.get("/recommendations/validations/?page=2")
    assert list(second.context["updates"]) == updates[25:]
    # The review forms send the page back with its query: the Secretariat stays on page 2.
    assert 'value="/recommendations/validations/?page=2"' in second.content.decode()
    response = client.post(
        f"/recommendations/updates/{updates[25].pk}/validate/",
        {"next": "/recommendations/validations/?page=2"},
    )
    assert response["Location"] == "/recommendations/validations/?page=2"
    assert list(client.get(response["Location"]).context["updates"]) == updates[26:]
