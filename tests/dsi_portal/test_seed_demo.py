import pytest
from django.core.management import CommandError, call_command

from accounts.models import Structure, User
from accounts.roles import Role

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
    assert april.invitations.filter(attendance="present").count() == april.invitations.count() > 0
    assert Meeting.objects.upcoming().count() == 1
    assert Meeting.objects.count() == 3


def test_seed_demo_shows_adoption_improving_from_january_to_april(db, debug_on):
    from meetings.models import Meeting, Situation
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
    from helpdesk.models import Category, Message, Status, Ticket

    call_command("seed_demo")
    call_command("seed_demo")
    assert Ticket.objects.count() == 8
    assert Ticket.objects.values("category").distinct().count() == 6
    assert set(Ticket.objects.values_list("status", flat=True)) == set(Status)
    assert Message.objects.filter(is_internal=True).exists()
    assert Ticket.objects.exclude(satisfaction=None).count() == 2
    assert Ticket.objects.filter(merged_into__isnull=False, status=Status.CLOSED).count() == 1
    # The reference data stays as the administrators left it.
    assert not Category.objects.filter(default_assignee__isnull=False).exists()


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
