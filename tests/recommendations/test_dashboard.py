"""The dashboard's numbers against a fixture computed by hand."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recommendations.models import Recommendation, Status
from recommendations.selectors import recommendations_dashboard_figures


@pytest.fixture
def story(cast, make_recommendation, april_session, themes, settings, implement):
    """Six recommendations from two sessions:

    January (Health leads 3, Education leads 1): implemented, implemented, in progress (late),
    abandoned. April (Education leads 2): not started (late), blocked.
    """
    settings.RECOMMENDATION_STALE_DAYS = 60
    today = timezone.localdate()
    mail, files = themes["Messagerie professionnelle"], themes["Serveur de fichiers"]
    rows = [
        ("j1", cast.health, mail, Status.NOT_STARTED, 0, None, {}),
        ("j2", cast.health, files, Status.NOT_STARTED, 0, None, {}),
        ("j3", cast.health, files, Status.IN_PROGRESS, 60, today - timedelta(days=5), {}),
        ("j4", cast.education, mail, Status.ABANDONED, 10, None, {"status_reason": "Remplacée"}),
        (
            "a1",
            cast.education,
            mail,
            Status.NOT_STARTED,
            0,
            today - timedelta(days=1),
            {"meeting": april_session},
        ),
        (
            "a2",
            cast.education,
            files,
            Status.BLOCKED,
            30,
            today + timedelta(days=20),
            {"meeting": april_session, "status_reason": "Budget"},
        ),
    ]
    made = {}
    for key, lead, theme, status, progress, due, extra in rows:
        made[key] = make_recommendation(
            key, lead=lead, theme=theme, status=status, progress=progress, due_date=due, **extra
        )
    # Implemented: only through an update with its proof.
    implement(made["j1"])
    implement(made["j2"])
    # Nothing validated for 90 days on the April ones: stale (open ones only).
    long_ago = timezone.now() - timedelta(days=90)
    Recommendation.objects.filter(meeting=april_session).update(
        created_at=long_ago, last_validated_at=long_ago
    )
    return made


def test_headline_figures(story):
    totals = recommendations_dashboard_figures()["totals"]
    # 2 implemented out of 6 - 1 abandoned = 5 counted.
    assert totals["rate"] == 40.0
    assert (totals["total"], totals["overdue"], totals["stale"]) == (6, 2, 2)


def test_status_distribution(story):
    statuses = {s.value: n for s, n in recommendations_dashboard_figures()["statuses"]}
    assert statuses == {
        "not_started": 1,
        "in_progress": 1,
        "implemented": 2,
        "abandoned": 1,
        "blocked": 1,
    }


def test_rates_per_session_theme_and_structure(story, january_session, april_session):
    figures = recommendations_dashboard_figures()
    sessions = {row["meeting_id"]: row["rate"] for row in figures["sessions"]}
    # January: 2 implemented / (4 - 1 abandoned); April: 0 / 2.
    assert sessions == {january_session.pk: 66.7, april_session.pk: 0.0}
    assert [row["meeting_id"] for row in figures["sessions"]] == [
        january_session.pk,
        april_session.pk,
    ]
    themes = {row["theme__name"]: row["rate"] for row in figures["themes"]}
    # Mail: j1 implemented, j4 abandoned, a1 not started -> 1/2; files: j2 / (j2, j3, a2) -> 1/3.
    assert themes == {"Messagerie professionnelle": 50.0, "Serveur de fichiers": 33.3}
    ranking = [(row["lead_structure__acronym"], row["rate"]) for row in figures["structures"]]
    assert ranking == [("MS", 66.7), ("MENA", 0.0)]


def test_overdue_and_stale_lists(story):
    figures = recommendations_dashboard_figures()
    assert [r.text for r in figures["overdue"]] == ["j3", "a1"]
    assert {r.text for r in figures["stale"]} == {"a1", "a2"}


def test_the_page_links_every_figure_to_the_filtered_list(login, cast, story, january_session):
    page = login(cast.secretary_general).get("/recommendations/dashboard/").content.decode()
    assert 'data-testid="rate">40,0 %' in page
    assert f"/recommendations/?meeting={january_session.pk}" in page
    assert f"/recommendations/?lead={cast.health.pk}" in page
    assert "/recommendations/?status=blocked" in page
    assert "/recommendations/?overdue=on" in page
    assert "<svg" in page


def test_the_structure_ranking_links_to_what_the_structure_leads_not_contributes_to(
    login, cast, story, make_recommendation
):
    # Health contributes to one of Education's recommendations: the ranking does not count it,
    # and neither does the list it links to.
    make_recommendation("Contribution de la santé", lead=cast.education, contributors=[cast.health])
    client = login(cast.secretary_general)
    page = client.get("/recommendations/dashboard/").content.decode()
    assert f"/recommendations/?lead={cast.health.pk}" in page

    listed = client.get("/recommendations/", {"lead": cast.health.pk}).context["page_obj"]
    ranked = next(
        row
        for row in recommendations_dashboard_figures()["structures"]
        if row["lead_structure_id"] == cast.health.pk
    )
    assert sorted(r.text for r in listed.object_list) == ["j1", "j2", "j3"]
    assert ranked["total"] == listed.paginator.count == 3


def test_the_trend_shows_average_progress_and_rate_session_by_session(
    login, cast, story, january_session, april_session
):
    sessions = recommendations_dashboard_figures()["sessions"]
    # January: (100 + 100 + 60 + 10) / 4; April: (0 + 30) / 2. Oldest session first.
    assert [(row["meeting_id"], row["avg_progress"]) for row in sessions] == [
        (january_session.pk, 67.5),
        (april_session.pk, 15.0),
    ]
    page = login(cast.secretary_general).get("/recommendations/dashboard/").content.decode()
    trend = page[page.index('data-testid="trend"') :]
    # One chart, two lines over the same sessions: the rate and the average progress.
    assert trend.count("<svg") >= 1
    chart = trend[: trend.index("</svg>")]
    assert "Mise en œuvre et avancement par session" in chart
    assert "Recommandations mises en œuvre (%)" in chart
    assert "Avancement moyen déclaré (%)" in chart
    # Each series, in chronological order: January's point before April's.
    rate, progress = "mises en œuvre (%) : ", "Avancement moyen déclaré (%) : "
    assert chart.index(rate + "67 %") < chart.index(rate + "0 %")
    assert chart.index(progress + "68 %") < chart.index(progress + "15 %")
