"""The figures of the situation of the DSIs: who is expected to answer, the change since each
structure's own previous answer, and which way is progress for each adoption level.

The story: in January, Health and Education both answered. In April, Health, Education, the
ANPTIC agent and the Secretary General (MTDPCE) are invited; Health has answered, Education not
yet, and the agent's and the Secretary General's structures have no DSI to answer.
"""

import re
from html.parser import HTMLParser
from io import BytesIO

import pytest
from openpyxl import load_workbook

from accounts.models import Structure
from meetings.models import Adoption, Meeting, Situation, Trend
from meetings.permissions import can_report_situation, situation_respondents
from meetings.selectors import situations_overview
from meetings.services import invitations_send, meeting_cancel, situation_submit
from tests.conftest import make_user

from .conftest import at

# The April session is three weeks ahead: it still asks for replies and situations.
pytestmark = pytest.mark.usefixtures("before_april")

JANUARY = {"email": "generalised", "file_server": "partial", "missions": "not_started"}
APRIL = {"email": "generalised", "file_server": "generalised", "missions": "partial"}


@pytest.fixture
def story(cast, january_session, april_session):
    invitations_send(
        actor=cast.secretariat,
        meeting=january_session,
        structures=[cast.health, cast.education],
    )
    for structure in (cast.health, cast.education):
        Situation.objects.create(meeting=january_session, structure=structure, **JANUARY)
    invitations_send(
        actor=cast.secretariat,
        meeting=april_session,
        structures=[cast.health, cast.education],
        users=[cast.agent, cast.secretary_general],
    )
    situation_submit(actor=cast.dsi_health, meeting=april_session, **APRIL)
    return april_session


class _AdoptionTable(HTMLParser):
    """The cells of the "Adoption des services partagés" table of a page, as rendered."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.rows = []
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("data-testid") == "adoption":
            self.inside = True
        if not self.inside:
            return
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = {"text": "", "class": None}
            self.rows[-1].append(self.cell)
        elif tag == "span" and self.cell is not None and self.cell["class"] is None:
            self.cell["class"] = attrs.get("class", "")

    def handle_endtag(self, tag):
        if tag == "section":
            self.inside = False
        elif tag in ("td", "th"):
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data


def adoption_cells(html):
    """{service label: {level label: (count, change or None, class of the change)}}."""
    parser = _AdoptionTable()
    parser.feed(html)
    header, *rows = parser.rows
    levels = [cell["text"].strip() for cell in header[1:]]
    table = {}
    for service, *cells in rows:
        figures = {}
        for level, cell in zip(levels, cells, strict=True):
            count, change = re.match(r"\s*(\d+)\s*(?:\(\+?(-?\d+)\))?", cell["text"]).groups()
            figures[level] = (int(count), None if change is None else int(change), cell["class"])
        table[service["text"].strip()] = figures
    return table


def test_a_structure_that_has_not_answered_yet_is_not_counted_as_a_regression(login, cast, story):
    html = login(cast.secretariat).get(f"/meetings/{story.pk}/").content.decode()
    email = adoption_cells(html)["Messagerie professionnelle de l'administration"]
    # Health was "Généralisé" in January and still is; Education has not answered yet.
    assert email["Généralisé"][:2] == (1, 0)
    assert "pour la seule structure qui a aussi répondu à une session antérieure" in html


def test_invited_people_of_structures_without_a_dsi_are_not_awaited(login, cast, story):
    client = login(cast.secretariat)
    html = client.get(f"/meetings/{story.pk}/situations/").content.decode()
    awaited = re.search(r'data-testid="situations-missing">(.*?)</div>', html, re.S).group(1)
    assert re.sub(r"\s+", " ", awaited).strip() == "<strong>Sans réponse :</strong> MENA"
    assert "Agence nationale de promotion des TIC" not in html
    workbook = client.get(f"/meetings/{story.pk}/situations.xlsx").content
    names = [row[0] for row in load_workbook(BytesIO(workbook)).active.iter_rows(values_only=True)]
    assert names[1:] == ["Ministère de l'Éducation nationale", "Ministère de la Santé"]


def test_fewer_structures_not_started_is_shown_as_progress(login, cast, story):
    situation_submit(actor=cast.dsi_education, meeting=story, **APRIL)
    html = login(cast.secretariat).get(f"/meetings/{story.pk}/").content.decode()
    missions = adoption_cells(html)["Circuit intégré des missions"]
    count, change, colour = missions["Non démarré"]
    assert (count, change) == (0, -2)
    assert "text-success" in colour
    count, change, colour = missions["Partiellement déployé"]
    assert (count, change) == (2, 2)
    assert "text-success" not in colour and "text-danger" not in colour


def test_each_adoption_level_knows_which_way_is_progress():
    assert Adoption.NOT_STARTED.trend(-2) == Trend.BETTER
    assert Adoption.NOT_STARTED.trend(1) == Trend.WORSE
    assert Adoption.GENERALISED.trend(1) == Trend.BETTER
    assert Adoption.GENERALISED.trend(-1) == Trend.WORSE
    assert Adoption.PARTIAL.trend(1) == Adoption.PARTIAL.trend(-1) == Trend.NEITHER
    assert {level.trend(0) for level in Adoption} == {Trend.UNCHANGED}


def test_the_overview_compares_only_the_structures_that_answered_both_times(cast, story):
    overview = situations_overview(story)
    assert overview.compared == 1
    assert (overview.answers, overview.expected) == (1, 2)
    assert overview.missing == [cast.education]
    email = next(row for row in overview.adoption if row.service == "email")
    assert [(level.count, level.change) for level in email.levels] == [(0, 0), (0, 0), (1, 0)]


def test_the_previous_answer_is_the_latest_at_an_earlier_session(cast, story, january_session):
    # Education answered in March, at a session the April one does not follow up; Health
    # answered again in January (its latest there counts) and at a later session in July.
    march = Meeting.objects.create(title="Session thématique", starts_at=at(2022, 3, 10))
    july = Meeting.objects.create(title="Session de juillet", starts_at=at(2022, 7, 7))
    Situation.objects.create(meeting=march, structure=cast.education, email="not_started")
    Situation.objects.create(meeting=january_session, structure=cast.health, email="partial")
    Situation.objects.create(meeting=july, structure=cast.health, email="not_started")
    situation_submit(actor=cast.dsi_education, meeting=story, email="partial")
    overview = situations_overview(story)
    assert overview.compared == 2
    email = next(row for row in overview.adoption if row.service == "email")
    # Health: partial -> generalised; Education: not started -> partial.
    assert [level.change for level in email.levels] == [-1, 0, 1]
    assert [level.trend for level in email.levels] == [Trend.BETTER, Trend.UNCHANGED, Trend.BETTER]


def test_without_an_earlier_answer_there_is_no_change_to_show(cast, april_session):
    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    situation_submit(actor=cast.dsi_health, meeting=april_session, **APRIL)
    overview = situations_overview(april_session)
    assert overview.compared == 0
    assert {level.change for row in overview.adoption for level in row.levels} == {None}


def test_who_may_answer_and_who_is_awaited_are_one_rule(cast, story):
    awaited = set(situation_respondents(story))
    assert awaited == {cast.health, cast.education}
    for user in (cast.dsi_health, cast.dsi_education, cast.agent, cast.secretary_general):
        assert can_report_situation(user, story) == (user.structure in awaited), user
    # The Secretary General was invited in person, which does not bring the MTDPCE: a DSI
    # appointed there since is not awaited (Invitation.objects.for_structure).
    mtdpce_dsi = make_user("dsi@mtdpce.gov.bf", cast.mtdpce, cast.dsi_health.role)
    assert cast.mtdpce not in situation_respondents(story)
    assert not can_report_situation(mtdpce_dsi, story)


def test_a_cancelled_session_awaits_nobody_but_keeps_its_answers(cast, story):
    meeting_cancel(actor=cast.secretariat, meeting=story, reason="Report sine die")
    story.refresh_from_db()
    overview = situations_overview(story)
    assert overview.missing == []
    assert [structure for structure, _situation in overview.rows] == [cast.health]


@pytest.mark.parametrize("size", [3, 30])
def test_the_overview_takes_three_queries_at_any_size(
    cast, january_session, april_session, size, django_assert_max_num_queries
):
    for n in range(size):
        structure = Structure.objects.create(name=f"Structure T{n:02}", acronym=f"T{n:02}")
        make_user(f"dsi-t{n}@gov.bf", structure, cast.dsi_health.role)
        for meeting in (january_session, april_session):
            Situation.objects.create(meeting=meeting, structure=structure, email="partial")
    invitations_send(
        actor=cast.secretariat,
        meeting=april_session,
        structures=Structure.objects.filter(acronym__startswith="T"),
    )
    with django_assert_max_num_queries(3):
        overview = situations_overview(april_session)
        assert overview.compared == overview.answers == overview.expected == size
