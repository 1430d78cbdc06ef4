"""Each role × each page and action (DESIGN.md), and objects of another structure by URL."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import Recommendation, Status, StatusUpdate
from recommendations.services import update_reject, update_submit, update_validate

from .helpers import pdf_file

ROLES = ["dsi_health", "dsi_education", "agent", "secretariat", "secretary_general"]
OTHERS = ["dsi_health", "dsi_education", "agent", "secretary_general"]


@pytest.fixture
def world(cast, make_recommendation, media):
    recommendation = make_recommendation()  # led by Health
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=20,
        comment="En cours",
        evidence=[pdf_file()],
    )
    return recommendation, update


def pages(recommendation, update):
    r, m = recommendation.pk, recommendation.meeting_id
    evidence = update.evidence.get().pk
    return {
        "/recommendations/": {
            "dsi_health",
            "dsi_education",
            "agent",
            "secretariat",
            "secretary_general",
        },
        "/recommendations/mine/": set(ROLES),
        f"/recommendations/{r}/": set(ROLES),
        # The evidence of an update waiting for validation: coordination and Health only.
        f"/recommendations/evidence/{evidence}/": {
            "dsi_health",
            "secretariat",
            "secretary_general",
        },
        "/recommendations/export.xlsx": set(ROLES),
        "/recommendations/export.csv": set(ROLES),
        f"/recommendations/{r}/edit/": {"secretariat"},
        "/recommendations/new/": {"secretariat"},
        "/recommendations/validations/": {"secretariat"},
        "/recommendations/import/": {"secretariat"},
        "/recommendations/dashboard/": {"secretariat", "secretary_general"},
        f"/recommendations/report/{m}.xlsx": {"secretariat", "secretary_general"},
        f"/recommendations/report/{m}.pdf": {"secretariat", "secretary_general"},
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_its_pages(login, cast, world, role):
    client = login(getattr(cast, role))
    for url, allowed in pages(*world).items():
        status = client.get(url).status_code
        expected = 200 if role in allowed else 404
        assert status == expected, (role, url, status)


def test_the_update_form_is_for_the_lead_and_contributors_only(login, cast, world):
    recommendation, _update = world
    url = f"/recommendations/{recommendation.pk}/update/"
    assert login(cast.dsi_health).get(url).status_code == 200
    assert login(cast.secretariat).get(url).status_code == 200
    for outsider in (cast.dsi_education, cast.agent, cast.secretary_general):
        response = login(outsider).post(
            url, {"status": "in_progress", "progress": "90", "comment": "x"}
        )
        assert response.status_code == 302
    assert StatusUpdate.objects.count() == 1


@pytest.mark.parametrize("role", ["dsi_health", "dsi_education", "agent", "secretary_general"])
def test_only_the_secretariat_validates_rejects_and_edits(login, cast, world, role):
    recommendation, update = world
    client = login(getattr(cast, role))
    assert client.post(f"/recommendations/updates/{update.pk}/validate/").status_code == 404
    assert (
        client.post(f"/recommendations/updates/{update.pk}/reject/", {"reason": "x"}).status_code
        == 404
    )
    assert (
        client.post(f"/recommendations/{recommendation.pk}/edit/", {"text": "Piraté"}).status_code
        == 404
    )
    update.refresh_from_db()
    recommendation.refresh_from_db()
    assert update.state == StatusUpdate.State.PENDING
    assert recommendation.text != "Piraté"


def test_unknown_objects_answer_404(login, cast, world):
    client = login(cast.secretariat)
    for url in (
        "/recommendations/999999/",
        "/recommendations/evidence/999999/",
        "/recommendations/report/999999.pdf",
    ):
        assert client.get(url).status_code == 404
    assert Recommendation.objects.count() == 1


@pytest.mark.parametrize("role", OTHERS)
def test_only_the_secretariat_records_or_imports_recommendations(
    login, cast, world, themes, january_session, role
):
    client = login(getattr(cast, role))
    created = client.post(
        "/recommendations/new/",
        {
            "meeting": january_session.pk,
            "text": "Recommandation pirate",
            "theme": themes["Serveur de fichiers"].pk,
            "lead_structure": cast.health.pk,
            "priority": "medium",
            "status": "not_started",
            "progress": "0",
        },
    )
    imported = client.post(
        "/recommendations/import/",
        {
            "meeting": january_session.pk,
            "file": SimpleUploadedFile(
                "import.csv",
                "texte;structure pilote;thème\nPirate;MS;Serveur de fichiers\n".encode(),
            ),
        },
    )
    confirmed = client.post("/recommendations/import/", {"step": "confirm", "token": "x"})

    assert (created.status_code, imported.status_code, confirmed.status_code) == (404, 404, 404)
    assert Recommendation.objects.count() == 1


@pytest.mark.parametrize("role", ["agent", "secretary_general", "dsi_health"])
def test_only_the_secretariat_marks_an_update_as_reviewed(login, cast, world, april_session, role):
    _recommendation, update = world
    update_validate(actor=cast.secretariat, update=update)

    response = login(getattr(cast, role)).post(
        f"/recommendations/updates/{update.pk}/reviewed/", {"meeting": april_session.pk}
    )

    assert response.status_code == 404
    update.refresh_from_db()
    assert update.reviewed_at_meeting is None


def test_validated_evidence_is_for_every_reader(login, cast, world):
    _recommendation, update = world
    evidence = update.evidence.get()
    update_validate(actor=cast.secretariat, update=update)

    for role in ROLES:
        response = login(getattr(cast, role)).get(f"/recommendations/evidence/{evidence.pk}/")
        assert response.status_code == 200, role


def test_evidence_of_a_rejected_update_stays_with_coordination_and_the_structure(
    login, cast, world
):
    recommendation, update = world
    update_reject(actor=cast.secretariat, update=update, reason="Preuve illisible")
    url = f"/recommendations/evidence/{update.evidence.get().pk}/"
    page = f"/recommendations/{recommendation.pk}/"

    for role in ("dsi_health", "secretariat", "secretary_general"):
        assert login(getattr(cast, role)).get(url).status_code == 200, role
    for role in ("dsi_education", "agent"):
        client = login(getattr(cast, role))
        assert client.get(url).status_code == 404, role
        assert url not in client.get(page).content.decode(), role


def test_a_pending_update_stays_with_its_structure_even_for_contributors(login, cast, world):
    """Until the Secretariat validates it, an update (its comment, its evidence) is between the
    structure that sent it and coordination; a contributing ministry reads it once validated."""
    recommendation, update = world
    recommendation.contributors.add(cast.education)
    comment = "Lot 2 du réseau livré"
    StatusUpdate.objects.filter(pk=update.pk).update(comment=comment)
    url = f"/recommendations/evidence/{update.evidence.get().pk}/"
    page = f"/recommendations/{recommendation.pk}/"

    for role in ("dsi_health", "secretariat", "secretary_general"):
        client = login(getattr(cast, role))
        assert client.get(url).status_code == 200, role
        assert comment in client.get(page).content.decode(), role
    education = login(cast.dsi_education)
    assert education.get(url).status_code == 404
    assert comment not in education.get(page).content.decode()

    update_validate(actor=cast.secretariat, update=update)
    assert education.get(url).status_code == 200
    assert comment in education.get(page).content.decode()


def test_another_structures_rejected_update_is_not_shown(login, cast, world):
    recommendation, update = world
    recommendation.contributors.add(cast.education)
    StatusUpdate.objects.filter(pk=update.pk).update(comment="Lot 2 du réseau livré")
    update.refresh_from_db()
    update_reject(actor=cast.secretariat, update=update, reason="Preuve illisible")
    page = f"/recommendations/{recommendation.pk}/"
    assert "Lot 2 du réseau livré" in login(cast.dsi_health).get(page).content.decode()
    for role in ("dsi_education", "agent"):
        shown = login(getattr(cast, role)).get(page).content.decode()
        assert "Lot 2 du réseau livré" not in shown, role


def test_a_rejection_reason_is_shown_to_the_secretariat_and_the_requesting_structure_only(
    login, cast, world
):
    recommendation, update = world
    update_reject(actor=cast.secretariat, update=update, reason="Preuve illisible")
    page = f"/recommendations/{recommendation.pk}/"

    for role in ROLES:
        shown = "Preuve illisible" in login(getattr(cast, role)).get(page).content.decode()
        assert shown == (role in {"dsi_health", "secretariat"}), role
