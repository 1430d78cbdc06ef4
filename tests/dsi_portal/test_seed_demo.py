from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from accounts.models import Structure, User
from accounts.roles import Role
from helpdesk.models import Holiday

DEMO = {
    "admin@demo.bf": None,
    "secretariat@demo.bf": Role.SECRETARIAT,
    "sg@demo.bf": Role.SECRETARY_GENERAL,
    "agent@demo.bf": Role.ANPTIC_AGENT,
    "dsi.sante@demo.bf": Role.DSI,
    "dsi.education@demo.bf": Role.DSI,
}


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def test_seed_demo_creates_structures_and_one_account_per_role(db, debug_on, capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert Structure.objects.filter(acronym__in=["MTDPCE", "ANPTIC", "MS", "MENAPLN"]).count() == 4
    assert Structure.objects.count() >= 25
    for email, role in DEMO.items():
        user = User.objects.get(email=email)
        assert user.role == role
        assert user.check_password("demo-password-2022")
        assert email in output
    assert User.objects.get(email="admin@demo.bf").is_superuser
    assert User.objects.get(email="dsi.sante@demo.bf").structure.name == "Ministère de la Santé"
    assert not User.objects.get(email="dsi.sante@demo.bf").is_staff


def test_seed_demo_is_idempotent_and_keeps_changed_passwords(db, debug_on):
    call_command("seed_demo")
    user = User.objects.get(email="dsi.sante@demo.bf")
    user.set_password("mon-propre-mot-de-passe")
    user.save()
    call_command("seed_demo")
    assert User.objects.filter(email__endswith="@demo.bf").count() == len(DEMO)
    assert Structure.objects.filter(acronym="MS").count() == 1
    user.refresh_from_db()
    assert user.check_password("mon-propre-mot-de-passe")


def test_seed_demo_uses_demo_password_from_the_environment(db, debug_on, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "autre-mot-de-passe-de-demo")
    call_command("seed_demo")
    assert User.objects.get(email="sg@demo.bf").check_password("autre-mot-de-passe-de-demo")


def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG désactivé"):
        call_command("seed_demo")
    assert not User.objects.filter(email="admin@demo.bf").exists()
    call_command("seed_demo", "--force")
    assert User.objects.filter(email="admin@demo.bf").exists()


def test_seed_demo_adds_the_2022_sessions_and_an_upcoming_one(db, debug_on):
    from meetings.models import Meeting, Minutes

    call_command("seed_demo")
    call_command("seed_demo")
    january = Meeting.objects.with_rank().get(title__startswith="1ère rencontre 2022")
    april = Meeting.objects.with_rank().get(title__startswith="2ème rencontre 2022")
    assert (january.rank_label, april.rank_label) == ("1ère rencontre 2022", "2ème rencontre 2022")
    assert april.follows_up == january
    assert january.minutes.status == Minutes.Status.APPROVED
    assert april.minutes.status == Minutes.Status.PUBLISHED
    assert list(january.agenda_items.values_list("title", flat=True))[:2] == [
        "e-Conseil des Ministres",
        "Circuit intégré des missions",
    ]
    assert list(april.agenda_items.values_list("title", flat=True)) == [
        "Situation des DSI",
        "État de mise en œuvre des recommandations de la session du 20 janvier 2022",
        "Présentation de l'outil Helpdesk de l'ANPTIC",
    ]
    assert april.agenda_items.get(reviews_meeting=january).position == 2
    people = april.invitations.of_people()
    assert people.filter(attendance="present").count() == people.count() - 1
    # SGG-CM and MEF have no portal account: invited as structures, recorded in the register.
    register = {
        (i.structure.acronym, i.attendance, i.attendee_name)
        for i in april.invitations.without_account().select_related("structure")
    }
    assert register == {
        ("SGG-CM", "excused", ""),
        ("MEF", "present", "Adama Zongo, DSI par intérim"),
    }
    assert january.invitations.without_account().filter(attendance="absent").count() == 1
    assert Meeting.objects.upcoming().count() == 1
    assert Meeting.objects.count() == 3


def test_seed_demo_shows_adoption_improving_from_january_to_april(db, debug_on):
    from meetings.models import Meeting, SharedService, Situation, Trend
    from meetings.selectors import situations_overview

    call_command("seed_demo")
    call_command("seed_demo")
    january = Meeting.objects.get(title__startswith="1ère rencontre 2022")
    april = Meeting.objects.get(title__startswith="2ème rencontre 2022")
    dsis = User.objects.filter(groups__name=Role.DSI.value)
    for meeting in (january, april):
        assert set(Situation.objects.filter(meeting=meeting).values_list("submitted_by", flat=True))
        assert {s.submitted_by for s in Situation.objects.filter(meeting=meeting)} == set(dsis)
    overview = situations_overview(april)
    # The agent and the Secretary General are invited too; their structures have no DSI.
    assert overview.missing == []
    assert overview.answers == overview.compared == dsis.count()
    email = next(row for row in overview.adoption if row.service == "email")
    changes = {level.level.value: level.change for level in email.levels}
    assert changes["generalised"] > 0 and changes["partial"] < 0
    # Not every service moves forward, and the DSIs do not all report the same.
    trends = {level.level.trend(level.change) for row in overview.adoption for level in row.levels}
    assert {Trend.BETTER, Trend.WORSE} <= trends
    answers = Situation.objects.filter(meeting=april).values(*[s.value for s in SharedService])
    assert len({tuple(answer.values()) for answer in answers}) == dsis.count()


def test_seed_demo_adds_recommendations_whose_history_tells_a_story(
    db, debug_on, settings, tmp_path
):
    from recommendations.models import Recommendation, StatusUpdate
    from recommendations.selectors import recommendations_dashboard_figures

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    call_command("seed_demo")
    january = Recommendation.objects.filter(meeting__title__startswith="1ère rencontre 2022")
    assert january.values("theme").distinct().count() == 4
    assert january.values("lead_structure").distinct().count() >= 4
    assert Recommendation.objects.count() == 10
    assert StatusUpdate.objects.filter(state=StatusUpdate.State.PENDING).count() == 1
    totals = recommendations_dashboard_figures()["totals"]
    assert 0 < totals["rate"] < 100
    assert totals["overdue"] > 0


def test_seed_demo_adds_tickets_across_categories_and_states(db, debug_on):
    from helpdesk.models import CannedReply, Category, Message, Status, Ticket

    call_command("seed_demo")
    call_command("seed_demo")
    assert Ticket.objects.count() == 13
    assert Ticket.objects.values("category").distinct().count() == 6
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status)
    assert Message.objects.filter(is_internal=True).exists()
    assert Ticket.objects.exclude(satisfaction=None).count() == 4
    assert Ticket.objects.filter(merged_into__isnull=False, status=Status.CLOSED).count() == 1
    assert Ticket.objects.filter(status=Status.WAITING).count() == 2
    # The reference data stays as the administrators left it; each category reaches the team.
    assert not Category.objects.filter(default_assignee__isnull=False).exists()
    agent = User.objects.get(email="agent@demo.bf")
    assert set(agent.helpdesk_categories.all()) == set(Category.objects.all())
    assert 4 <= CannedReply.objects.count() <= 6


def test_a_walk_of_the_demo_reads_one_rate_in_french_and_a_backlog_the_queue_confirms(
    db, debug_on, client
):
    """Issue 14's walk, on the demo itself: the Secretary General's home card, the dashboard,
    the weekly digest and each session's report give the same implementation rate, written
    with a decimal comma; each backlog figure of the statistics is what the queue lists."""
    import re
    from io import BytesIO

    from django.core import mail
    from pypdf import PdfReader

    from core import outbox
    from core.formats import formatted
    from dsi_portal.digest import weekly_digest_plan
    from recommendations.selectors import recommendations_implementation_figures

    call_command("seed_demo")
    overall = recommendations_implementation_figures()
    rate = formatted(overall["rate"], "percent")
    assert re.fullmatch(r"\d+(,\d)? %", rate.replace("\u202f", " ").replace("\xa0", " "))

    client.force_login(User.objects.get(email="sg@demo.bf"))
    home = client.get("/")
    [card] = next(p for p in home.context["panels"] if p.key == "progress").items
    assert card.label == f"Taux de mise en œuvre : {rate}"
    assert (
        f'data-testid="rate">{rate}<' in client.get("/recommendations/dashboard/").content.decode()
    )

    mail.outbox.clear()
    weekly_digest_plan()
    outbox.notifications_dispatch()
    [digest] = [m for m in mail.outbox if m.subject.startswith("Récapitulatif hebdomadaire")]
    assert f"{rate} des recommandations mises en œuvre" in digest.subject
    for session in recommendations_implementation_figures(per="session"):
        session_rate = formatted(session["rate"], "percent")
        pdf = client.get(f"/recommendations/report/{session['meeting_id']}.pdf")
        title_page = " ".join(PdfReader(BytesIO(pdf.content)).pages[0].extract_text().split())
        assert f"Taux de mise en œuvre {session_rate}" in title_page
        assert f"{session_rate} ({session['implemented']}/{session['counted']})" in digest.body

    client.force_login(User.objects.get(email="agent@demo.bf"))
    stats = client.get("/helpdesk/stats/")
    assert stats.context["backlog"]
    for figure in stats.context["backlog"]:
        queue = client.get(figure["url"])
        assert queue.context["page_obj"].paginator.count == figure["count"], figure["key"]


def _local(moment):
    return timezone.localtime(moment, ZoneInfo("Africa/Ouagadougou"))


def test_the_demo_helpdesk_figures_are_those_of_real_work(db, debug_on):
    """The statistics page's figures on the demo: neither 0,0 h nor 100 %; tickets filed on
    working days in working hours; no deadline on a weekend or a public holiday."""
    from helpdesk.models import Holiday, Ticket
    from helpdesk.selectors import helpdesk_statistics
    from helpdesk.sla import WorkingCalendar

    call_command("seed_demo")
    figures = helpdesk_statistics()
    assert 0.5 <= figures["median_response_hours"] <= 24  # working hours: three days
    assert 0.5 <= figures["median_resolution_hours"] <= 24
    assert 50 < figures["responded_on_time_rate"] < 100
    assert 50 < figures["resolved_on_time_rate"] < 100
    assert figures["totals"]["rated"] and figures["totals"]["open"]

    calendar = WorkingCalendar.load()
    holidays = set(Holiday.objects.values_list("date", flat=True))
    for ticket in Ticket.objects.all():
        filed = _local(ticket.created_at)
        spans = calendar.spans(filed.date())
        assert any(start <= ticket.created_at < end for start, end in spans), ticket.title
        for due in (ticket.response_due_at, ticket.resolution_due_at):
            day = _local(due).date()
            assert day.weekday() < 5 and day not in holidays, (ticket.title, day)
        assert ticket.created_at <= timezone.now()
    assert Ticket.objects.filter(first_response_at__gt=F("response_due_at")).exists()


def test_the_demo_sessions_happened_in_2022_with_absences_and_excuses(
    db, debug_on, tmp_path, settings
):
    """The history of the 2022 sessions and of their recommendations is dated in 2022 (not on
    the day the demo was seeded); the register has an absence and an excuse."""
    from meetings.models import Invitation, Meeting, MeetingChange, MinutesVersion, Situation
    from meetings.selectors import attendance_by_structure
    from recommendations.models import Change, Recommendation, StatusUpdate

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    past = Meeting.objects.filter(title__contains="rencontre 2022")
    assert past.count() == 2
    in_2022 = {
        MeetingChange.objects.filter(meeting__in=past): "at",
        Invitation.objects.filter(meeting__in=past): "created_at",
        Invitation.objects.filter(meeting__in=past, responded_at__isnull=False): "responded_at",
        MinutesVersion.objects.filter(minutes__meeting__in=past): "created_at",
        Situation.objects.filter(meeting__in=past): "submitted_at",
        Change.objects.filter(recommendation__meeting__in=past): "at",
        StatusUpdate.objects.filter(state=StatusUpdate.State.VALIDATED): "created_at",
    }
    for rows, field in in_2022.items():
        years = {_local(moment).year for moment in rows.values_list(field, flat=True)}
        assert years == {2022}, (rows.model.__name__, field, years)
    assert {m.created_at.year for m in past} == {2022}
    assert MinutesVersion.objects.filter(minutes__meeting__in=past).count() >= 3
    for meeting in past:
        assert meeting.minutes.published_at.year == 2022

    register = Invitation.objects.filter(meeting__in=past)
    assert register.filter(attendance=Invitation.Attendance.ABSENT).exists()
    assert register.filter(attendance=Invitation.Attendance.EXCUSED).exists()
    rows = list(attendance_by_structure())
    assert any(row.present < row.invited for row in rows)
    assert any(row.excused for row in rows)

    recommendations = Recommendation.objects.filter(meeting__in=past)
    assert recommendations.filter(focal_person__isnull=False).count() >= 6
    holidays = set(Holiday.objects.values_list("date", flat=True))
    for due in recommendations.values_list("due_date", flat=True):
        assert due.weekday() < 5 and due not in holidays, due


def test_seeding_the_demo_sends_no_e_mail_about_past_events(db, debug_on, tmp_path, settings):
    """Only the upcoming session's invitations go out at seeding; what happened in 2022 (and
    the demo tickets' story) was announced then."""
    from core.models import Notification
    from meetings.models import Meeting

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")
    upcoming = Meeting.objects.upcoming().get()
    due_now = Notification.objects.due(timezone.now() + timedelta(minutes=1))
    assert due_now.exists()
    assert set(due_now.values_list("target_id", flat=True)) == {upcoming.pk}
    assert not due_now.exclude(target_type__model="meeting").exists()
