"""The recommendations list's filters stay the same size whatever the years of sessions and
reach every session all the same (issue 18: 300 sessions at scale 1 drew 300 options, 900 at
scale 3); one structure select serves "leads or contributes" and "leads" alike."""

import re
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Structure
from meetings.models import Meeting
from recommendations.filters import LATEST_SESSIONS
from recommendations.models import Recommendation
from tests.conftest import at


def _sessions_adopting(cast, themes, count, *, first_year=2023):
    """``count`` held sessions, one a month from January of ``first_year``, each adopting one
    recommendation; returned oldest first."""
    sessions = Meeting.objects.bulk_create(
        Meeting(
            title=f"Session n°{i + 1}",
            starts_at=at(first_year + i // 12, i % 12 + 1, 10),
            ends_at=at(first_year + i // 12, i % 12 + 1, 10, 13),
            status=Meeting.Status.HELD,
            created_by=cast.secretariat,
        )
        for i in range(count)
    )
    start = Recommendation.objects.count()
    Recommendation.objects.bulk_create(
        Recommendation(
            reference=f"R-S-{start + i}",
            number=start + i + 1,
            text=f"Adoptée à la session n°{i + 1}",
            meeting=session,
            theme=themes["Serveur de fichiers"],
            lead_structure=cast.health,
            due_date=date(2030, 1, 1),
        )
        for i, session in enumerate(sessions)
    )
    return sessions


def _options(html, name):
    """The (value, label, selected) of the options of the select ``name``."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [
        (value, label.strip(), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?[^>]*>([^<]*)</option>', select
        )
    ]


def _texts(response):
    return sorted(r.text for r in response.context["page_obj"].object_list)


def test_the_session_select_offers_the_latest_sessions_whatever_their_number(login, cast, themes):
    client = login(cast.secretary_general)
    client.get("/")  # the staff warnings are cached from then on
    drawn, queries = [], []
    for total in (LATEST_SESSIONS + 3, 40):
        _sessions_adopting(cast, themes, total - Meeting.objects.count(), first_year=2000 + total)
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/recommendations/").content.decode()
        queries.append(len(captured))
        drawn.append([label for value, label, _ in _options(html, "meeting") if value])

    latest = list(Meeting.objects.order_by("-starts_at")[:LATEST_SESSIONS])
    assert drawn[1] == [session.title for session in latest]
    assert len(drawn[0]) == len(drawn[1]) == LATEST_SESSIONS
    assert queries[0] == queries[1]


def test_an_old_session_reached_by_its_link_filters_the_list_and_is_selected(
    login, cast, themes, make_recommendation, january_session
):
    make_recommendation("Adoptée en janvier 2022")
    _sessions_adopting(cast, themes, LATEST_SESSIONS + 2)
    client = login(cast.secretary_general)

    first = client.get("/recommendations/").content.decode()
    assert january_session.title not in first

    # The session's page links to its recommendations (meeting_sections.py).
    response = client.get(f"/recommendations/?meeting={january_session.pk}")
    assert _texts(response) == ["Adoptée en janvier 2022"]
    options = _options(response.content.decode(), "meeting")
    assert (str(january_session.pk), january_session.title, True) in options
    assert len([value for value, _, _ in options if value]) == LATEST_SESSIONS + 1


def test_the_year_offers_its_sessions_and_filters_by_them(
    login, cast, themes, make_recommendation, january_session, april_session
):
    make_recommendation("Adoptée en janvier 2022")
    make_recommendation("Adoptée en avril 2022", meeting=april_session)
    _sessions_adopting(cast, themes, LATEST_SESSIONS + 2)
    client = login(cast.secretary_general)

    years = _options(client.get("/recommendations/").content.decode(), "year")
    assert [value for value, _, _ in years] == ["", "2024", "2023", "2022"]

    response = client.get("/recommendations/", {"year": 2022})
    assert _texts(response) == ["Adoptée en avril 2022", "Adoptée en janvier 2022"]
    html = response.content.decode()
    assert ("2022", "2022", True) in _options(html, "year")
    assert [label for value, label, _ in _options(html, "meeting") if value] == [
        april_session.title,
        january_session.title,
    ]
    response = client.get("/recommendations/", {"year": 2022, "meeting": april_session.pk})
    assert _texts(response) == ["Adoptée en avril 2022"]


def test_a_dsi_is_offered_neither_a_session_nor_a_year_they_may_not_see(
    login, cast, make_recommendation, january_session, april_session
):
    make_recommendation("Adoptée en janvier 2022")
    make_recommendation("Adoptée en avril 2022", meeting=april_session)
    client = login(cast.dsi_health)

    html = client.get(f"/recommendations/?meeting={april_session.pk}").content.decode()
    # Aïcha is invited to neither session: April is not named, even asked for by its link;
    # January neither, nor any year.
    assert april_session.title not in html
    assert [value for value, _, _ in _options(html, "year")] == [""]


def test_one_structure_select_for_leading_or_contributing_and_leading_only(
    login, cast, make_recommendation
):
    led = make_recommendation("Pilotée par la santé")
    make_recommendation("Contribution de la santé", lead=cast.education, contributors=[cast.health])
    client = login(cast.dsi_education)

    both = client.get("/recommendations/", {"structure": cast.health.pk})
    assert _texts(both) == ["Contribution de la santé", led.text]
    only = client.get("/recommendations/", {"structure": cast.health.pk, "lead_only": "on"})
    assert _texts(only) == [led.text]

    html = both.content.decode()
    assert 'name="lead"' not in html
    assert html.count(f">{cast.health.name}</option>") == 1


def test_the_dashboards_lead_links_choose_the_structure_as_lead(login, cast, make_recommendation):
    led = make_recommendation("Pilotée par la santé")
    make_recommendation("Contribution de la santé", lead=cast.education, contributors=[cast.health])
    client = login(cast.secretary_general)

    response = client.get("/recommendations/", {"lead": cast.health.pk})
    assert _texts(response) == [led.text]
    html = response.content.decode()
    assert (str(cast.health.pk), cast.health.name, True) in _options(html, "structure")
    assert re.search(r'<input type="checkbox" name="lead_only"[^>]* checked', html)
    assert response.context["filter"].active_count == 1


def test_a_former_lead_is_still_chosen_and_drawn(login, cast, make_recommendation):
    former = Structure.objects.create(name="Ancien ministère du Plan", is_active=False)
    make_recommendation("Pilotée par l'ancien ministère", lead=former)
    make_recommendation("Pilotée par la santé")
    client = login(cast.secretary_general)

    assert former.name not in client.get("/recommendations/").content.decode()
    response = client.get("/recommendations/", {"lead": former.pk})
    assert _texts(response) == ["Pilotée par l'ancien ministère"]
    assert (str(former.pk), former.name, True) in _options(response.content.decode(), "structure")
