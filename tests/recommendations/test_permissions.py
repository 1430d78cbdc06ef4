"""Each role × each page and action (DESIGN.md), and objects of another structure by URL."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import Recommendation, Status, StatusUpdate
from recommendations.services import update_submit

ROLES = ["dsi_health", "dsi_education", "agent", "secretariat", "secretary_general"]


@pytest.fixture
def world(cast, make_recommendation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    recommendation = make_recommendation()  # led by Health
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=20,
        comment="En cours",
        evidence=[SimpleUploadedFile("preuve.pdf", b"%PDF-1.4\n%%EOF\n")],
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
        f"/recommendations/evidence/{evidence}/": set(ROLES),
        "/recommendations/export.xlsx": set(ROLES),
        "/recommendations/export.csv": set(ROLES),
        f"/recommendations/{r}/edit/": {"secretariat"},
        "/recommendations/new/": {"secretariat"},
        "/recommendations/validations/": {"secretariat"},
        "/recommendations/import/": {"secretariat"},
        "/recommendations/dashboard/": {"secretariat", "secretary_general"},
        f"/recommendations/report/{m}.xlsx": {"secretariat", "secretary_general"},
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
