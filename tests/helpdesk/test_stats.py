"""/helpdesk/stats/ against figures computed by hand.

The calendar of these tests: Monday to Friday, 8:00–12:00 and 14:00–18:00 (eight hours a day),
and Wednesday 1 June 2022 off. "Today" is Wednesday 15 June 2022, so the twelve months run from
1 July 2021.
"""

from datetime import date, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.cache import forget_figures
from core.summaries import summaries_forget
from helpdesk.models import Category, Holiday, Priority, Status, Ticket, WorkingPeriod
from helpdesk.selectors import helpdesk_statistics
from tests.conftest import at

TODAY = at(2022, 6, 15, 12)


@pytest.fixture
def eight_hour_days(db):
    WorkingPeriod.objects.all().delete()
    Holiday.objects.all().delete()
    for day in range(5):
        WorkingPeriod.objects.create(weekday=day, starts=time(8), ends=time(12))
        WorkingPeriod.objects.create(weekday=day, starts=time(14), ends=time(18))
    Holiday.objects.create(date=date(2022, 6, 1), name="Jour férié des tests")


@pytest.fixture
def story(cast, eight_hour_days):
    """Six tickets; the one of June 2021 is outside the twelve months.

    ===  =========  =======  ============  =================  =================  ====
         structure  categ.   created       first response     resolved           note
    ===  =========  =======  ============  =================  =================  ====
    t1   health     mail     Mon 13/6 9h   10h30  1.5 h ok    16h     5 h ok      5
    t2   health     network  Fri 10/6 17h  Mon 9h  2 h late   Tue 10h 11 h late   2
    t3   education  mail     Tue 31/5 11h  Thu 9h  6 h late   Thu 15h 10 h ok     4
    t4   education  network  Tue 5/4 8h    —                  —  (open)
    t6   health     mail     Tue 14/6 9h   —                  merged into t1
    old  health     mail     Mon 21/6/21   1 h ok             1 h ok              1
    ===  =========  =======  ============  =================  =================  ====

    Medians: first response (1.5, 2, 6) → 2 h; resolution (5, 11, 10) → 10 h; the merged
    duplicate was closed by the merge, not resolved, and counts in the volumes only.
    """
    mail = Category.objects.get_or_create(name="Messagerie professionnelle")[0]
    network = Category.objects.get_or_create(name="Réseau et Internet")[0]
    normal = Priority.objects.get_or_create(
        name="Normale", defaults={"rank": 3, "response_hours": 4, "resolution_hours": 24}
    )[0]
    rows = {
        "t1": (cast.health, mail, at(2022, 6, 13, 9), at(2022, 6, 13, 12), at(2022, 6, 14, 12)),
        "t2": (cast.health, network, at(2022, 6, 10, 17), at(2022, 6, 13, 8, 30),
               at(2022, 6, 13, 18)),
        "t3": (cast.education, mail, at(2022, 5, 31, 11), at(2022, 6, 2, 8, 30),
               at(2022, 6, 3, 12)),
        "t4": (cast.education, network, at(2022, 4, 5, 8), at(2022, 4, 5, 12), at(2022, 4, 8, 8)),
        "t6": (cast.health, mail, at(2022, 6, 14, 9), at(2022, 6, 14, 13), at(2022, 6, 17, 9)),
        "old": (cast.health, mail, at(2021, 6, 21, 9), at(2021, 6, 21, 12), at(2021, 6, 24, 9)),
    }  # fmt: skip
    done = {
        "t1": (at(2022, 6, 13, 10, 30), at(2022, 6, 13, 16), 5),
        "t2": (at(2022, 6, 13, 9), at(2022, 6, 14, 10), 2),
        "t3": (at(2022, 6, 2, 9), at(2022, 6, 2, 15), 4),
        "old": (at(2021, 6, 21, 10), at(2021, 6, 21, 10), 1),
    }
    tickets = {}
    for number, (key, (structure, category, created, response_due, resolution_due)) in enumerate(
        rows.items(), start=1
    ):
        responded, resolved, score = done.get(key, (None, None, None))
        requester = cast.dsi_health if structure == cast.health else cast.dsi_education
        tickets[key] = Ticket.objects.create(
            reference=f"HD-2022-{number:05d}",
            title=f"Demande {key}",
            description="…",
            requester=requester,
            structure=structure,
            category=category,
            priority=normal,
            status=Status.CLOSED if resolved else Status.OPEN,
            created_at=created,
            response_due_at=response_due,
            resolution_due_at=resolution_due,
            first_response_at=responded,
            resolved_at=resolved,
            closed_at=resolved,
            satisfaction=score,
        )
    Ticket.objects.filter(pk=tickets["t6"].pk).update(
        merged_into=tickets["t1"], status=Status.CLOSED, resolved_at=at(2022, 6, 14, 10)
    )
    return {"tickets": tickets, "mail": mail, "network": network}


@pytest.fixture
def figures(story):
    with time_machine.travel(TODAY, tick=False):
        return helpdesk_statistics()


def test_volumes_by_category_structure_and_month(figures, story, cast):
    assert figures["totals"]["total"] == 5
    by_category = {row["category__name"]: row["n"] for row in figures["categories"]}
    assert by_category == {"Messagerie professionnelle": 3, "Réseau et Internet": 2}
    by_structure = {row["structure__acronym"]: row["n"] for row in figures["structures"]}
    assert by_structure == {"MS": 3, "MENA": 2}
    months = dict(figures["months"])
    assert list(months) == [date(2021, m, 1) for m in range(7, 13)] + [
        date(2022, m, 1) for m in range(1, 7)
    ]
    assert (months[date(2022, 4, 1)], months[date(2022, 5, 1)], months[date(2022, 6, 1)]) == (
        1,
        1,
        3,
    )
    assert sum(months.values()) == 5


def test_a_ticket_counts_in_the_month_of_its_local_filing_date(story):
    """The months' bounds are local midnights: a ticket filed in the last second of April and
    one filed at midnight on 1 May count in April and in May. The month counts are read with
    the totals and not left among them."""
    t4 = story["tickets"]["t4"]
    for suffix, created in (("A", at(2022, 4, 30, 23, 59) + timedelta(seconds=59)),
                            ("B", at(2022, 5, 1, 0))):  # fmt: skip
        t4.pk, t4.reference, t4.created_at = None, f"HD-2022-1000{suffix}", created
        t4.save()
    with time_machine.travel(TODAY, tick=False):
        figures = helpdesk_statistics()
    months = dict(figures["months"])
    assert (months[date(2022, 4, 1)], months[date(2022, 5, 1)]) == (2, 2)
    assert figures["totals"]["total"] == sum(months.values()) == 7
    assert not any(key.startswith("m") for key in figures["totals"])


def test_median_times_are_counted_in_working_hours(figures):
    assert figures["median_response_hours"] == 2.0
    assert figures["median_resolution_hours"] == 10.0


def test_the_resolution_time_leaves_out_the_wait_for_the_requester_as_the_sla_does(story):
    """t2 waited three working hours for the requester: its due time moved from Monday 18h to
    Tuesday 11h, so its resolution on Tuesday at 10h is on time, after eleven working hours of
    which eight count — within its nine-hour target. Resolutions (5, 8, 10) → median 8 h."""
    Ticket.objects.filter(pk=story["tickets"]["t2"].pk).update(
        paused_working_time=timedelta(hours=3), resolution_due_at=at(2022, 6, 14, 11)
    )
    with time_machine.travel(TODAY, tick=False):
        figures = helpdesk_statistics()
    assert figures["median_resolution_hours"] == 8.0
    totals = figures["totals"]
    # t4, still open, missed its resolution deadline.
    assert (totals["resolution_met"], totals["resolution_missed"]) == (3, 1)
    assert figures["median_response_hours"] == 2.0


def test_the_page_says_what_the_times_measure(login, cast, story):
    with time_machine.travel(TODAY, tick=False):
        page = login(cast.agent).get("/helpdesk/stats/").content.decode()
    assert "ne compte pas le temps passé en attente du demandeur" in page


def test_the_page_says_when_the_figures_were_computed(login, cast, story):
    with time_machine.travel(TODAY, tick=False):
        page = login(cast.agent).get("/helpdesk/stats/").content.decode()
    assert "Chiffres calculés le 15 juin 2022 à 12:00." in page
    assert "seront comptées au prochain calcul" not in page


def test_sla_compliance_counts_the_deadlines_passed_without_an_answer_as_missed(figures):
    """t1 and t3 were resolved in time, t2 late; t4, still open, missed both its deadlines.
    Only t1 was answered in time. The merged duplicate t6 is judged on t1."""
    totals = figures["totals"]
    assert (totals["resolved"], totals["responded"]) == (3, 3)
    assert (totals["resolution_met"], totals["resolution_missed"]) == (2, 2)
    assert (totals["response_met"], totals["response_missed"]) == (1, 3)
    assert figures["resolved_on_time_rate"] == 50.0
    assert figures["responded_on_time_rate"] == 25.0


def test_satisfaction_average_and_distribution(figures):
    assert round(figures["totals"]["satisfaction_average"], 2) == 3.67
    assert figures["totals"]["rated"] == 3
    assert figures["satisfaction"] == [(1, 0), (2, 1), (3, 0), (4, 1), (5, 1)]


def test_no_ticket_gives_dashes_not_errors(login, cast, eight_hour_days):
    with time_machine.travel(TODAY, tick=False):
        figures = helpdesk_statistics()
        page = login(cast.agent).get("/helpdesk/stats/").content.decode()
    assert figures["median_response_hours"] is None
    assert figures["resolved_on_time_rate"] is None
    assert 'data-testid="median-resolution">—' in page


def test_the_agent_page_shows_the_figures_and_links_them_to_the_queue(login, cast, story):
    with time_machine.travel(TODAY, tick=False):
        page = login(cast.agent).get("/helpdesk/stats/").content.decode()
    assert 'data-testid="median-resolution">10,0 h' in page
    assert 'data-testid="resolved-on-time">50,0 %' in page
    assert "<svg" in page
    network = story["network"].pk
    assert f'href="/helpdesk/?category={network}&amp;created_after=2021-07-01&amp;status="' in page
    assert (
        f'href="/helpdesk/?structure={cast.education.pk}&amp;created_after=2021-07-01&amp;status="'
        in page
    )
    assert (
        'href="/helpdesk/?created_after=2022-06-01&amp;created_before=2022-06-30&amp;status="'
        in (page)
    )


def test_a_figure_links_to_a_list_of_as_many_tickets(login, cast, story):
    """The figures count resolved and closed tickets: the list they link to does too."""
    client = login(cast.agent)
    mail = story["mail"].pk
    with time_machine.travel(TODAY, tick=False):
        response = client.get("/helpdesk/stats/")
        counted = {
            row["category_id"]: row["n"] for row in response.context["figures"]["categories"]
        }
        link = f"/helpdesk/?category={mail}&created_after=2021-07-01&status="
        assert link.replace("&", "&amp;") in response.content.decode()
        queue = client.get(link)
    # t1, t3 and the merged t6, all closed; the June 2021 ticket is outside the period.
    assert queue.context["page_obj"].paginator.count == counted[mail] == 3


def test_the_secretary_general_reads_the_figures_without_queue_links(login, cast, story):
    with time_machine.travel(TODAY, tick=False):
        response = login(cast.secretary_general).get("/helpdesk/stats/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="total">5' in page
    assert 'href="/helpdesk/?' not in page


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("agent", 200),
        ("admin", 200),
        ("secretary_general", 200),
        ("dsi_health", 404),
        ("secretariat", 404),
    ],
)
def test_who_reads_the_statistics(login, cast, who, status):
    assert login(getattr(cast, who)).get("/helpdesk/stats/").status_code == status


def test_the_statistics_make_as_many_queries_for_10_as_for_1000_tickets(login, cast, story):
    model = story["tickets"]["t1"]
    counts = []
    client = login(cast.agent)
    for size in (10, 1000):
        start = Ticket.objects.count() + 1
        Ticket.objects.bulk_create(
            [
                Ticket(
                    reference=f"HD-2099-{n:05d}",
                    title=model.title,
                    description=model.description,
                    requester_id=model.requester_id,
                    structure_id=(cast.health, cast.education)[n % 2].pk,
                    category_id=model.category_id,
                    priority_id=model.priority_id,
                    created_at=model.created_at - timedelta(days=n % 300),
                    response_due_at=model.response_due_at,
                    resolution_due_at=model.resolution_due_at,
                    first_response_at=model.first_response_at,
                    resolved_at=model.resolved_at,
                    satisfaction=n % 5 + 1,
                )
                for n in range(start, size + 1)
            ],
            batch_size=500,
        )
        # Computed by the request (no summary kept): forget that of the previous size, and
        # every cached figure (the staff banner's among them).
        summaries_forget()
        forget_figures()
        with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as queries:
            assert client.get("/helpdesk/stats/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_statistics_answer_when_the_cache_is_down(settings, login, cast, story):
    """Neither the page's figures nor those computed ahead can be kept: the request computes
    them, and the page answers."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with time_machine.travel(TODAY, tick=False):
        response = login(cast.agent).get("/helpdesk/stats/")
    assert response.status_code == 200
    assert response.context["figures"]["totals"]["total"] == 5
