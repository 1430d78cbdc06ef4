"""core.audit: every app's history is written by audit_record over the shared AuditEntry shape,
and shown by the one partial, templates/partials/history.html."""

from datetime import date

import pytest

from accounts.models import Structure
from core.audit import audit_model, audit_record
from core.formats import formatted
from helpdesk.models import Event, Status
from helpdesk.services import ticket_transition
from meetings.models import Meeting, MeetingChange
from meetings.services import meeting_cancel, meeting_postpone
from recommendations.models import Change
from recommendations.services import recommendation_update
from tests.conftest import at


def history_of(response):
    page = response.content.decode()
    start = page.index('data-testid="history"')
    return page[start : page.index("</section>", start)]


def test_each_audited_model_has_its_trail(make_ticket, make_recommendation, april_session):
    assert audit_model(make_ticket()) is Event
    assert audit_model(make_recommendation()) is Change
    assert audit_model(april_session) is MeetingChange


def test_a_model_without_a_trail_is_refused(cast):
    with pytest.raises(LookupError):
        audit_record(cast.health, actor=cast.admin, changes={"name": ("a", "b")})
    assert not Structure.objects.filter(name="b").exists()


def test_an_unchanged_value_writes_nothing(cast, make_ticket):
    ticket = make_ticket()
    before = ticket.events.count()
    rows = audit_record(ticket, actor=cast.agent, changes={"status": ("En cours", "En cours")})
    assert rows == []
    assert ticket.events.count() == before


def test_values_are_kept_as_text_and_nothing_as_empty(cast, make_ticket):
    ticket = make_ticket()
    (row,) = audit_record(ticket, actor=cast.agent, changes={"assignee": (None, cast.agent)})
    row.refresh_from_db()
    assert (row.old_value, row.new_value, row.actor) == ("", str(cast.agent), cast.agent)


def test_the_ticket_history_is_recorded_and_shown_to_agents(login, cast, make_ticket):
    ticket = make_ticket()
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.IN_PROGRESS)
    last = ticket.events.last()
    assert (last.field, last.old_value, last.new_value) == ("status", "Nouvelle", "En cours")
    history = history_of(login(cast.agent).get(f"/helpdesk/{ticket.reference}/"))
    assert "Historique des modifications" in history
    assert "<strong>Statut</strong>" in history
    assert "Nouvelle → En cours" in history
    assert str(cast.agent) in history


def test_the_recommendation_history_is_recorded_and_shown(login, cast, make_recommendation):
    recommendation = make_recommendation()
    recommendation_update(
        actor=cast.secretariat,
        recommendation=recommendation,
        due_date=date(2022, 9, 30),
        contributors=[cast.education],
    )
    fields = set(recommendation.changes.values_list("field", flat=True))
    assert {"due_date", "contributors"} <= fields
    history = history_of(login(cast.dsi_health).get(f"/recommendations/{recommendation.pk}/"))
    assert "échéance</strong>" in history
    assert "→ 30 septembre 2022" in history  # kept as "2022-09-30", shown the portal's way
    assert "2022-09-30" not in history
    assert "structures contributrices</strong>" in history
    assert "Fatimata Diallo" in history


def test_the_meeting_history_is_recorded_and_shown(login, cast, april_session):
    page = login(cast.secretariat).get(f"/meetings/{april_session.pk}/").content.decode()
    assert 'data-testid="history"' not in page  # nothing happened to it yet
    old_start, new_start = april_session.starts_at, at(2022, 4, 28, 9)
    meeting_postpone(
        actor=cast.secretariat,
        meeting=april_session,
        starts_at=new_start,
        ends_at=at(2022, 4, 28, 13),
        reason="Indisponibilité de la salle",
    )
    meeting_cancel(actor=cast.secretariat, meeting=april_session, reason="Report sine die")
    postponed, cancelled = april_session.changes.all()
    assert (postponed.status, postponed.old_starts_at, postponed.new_starts_at) == (
        Meeting.Status.POSTPONED,
        old_start,
        new_start,
    )
    assert (cancelled.status, cancelled.old_starts_at, cancelled.actor) == (
        Meeting.Status.CANCELLED,
        None,
        cast.secretariat,
    )
    history = history_of(login(cast.secretariat).get(f"/meetings/{april_session.pk}/"))
    assert ">Historique</h2>" in history
    assert "<strong>Reportée</strong>" in history and "<strong>Annulée</strong>" in history
    old, new = formatted(old_start, "datetime_short"), formatted(new_start, "datetime_short")
    assert f"Du {old} au {new}" in history
    assert "Indisponibilité de la salle" in history and "Report sine die" in history


def test_a_date_kept_otherwise_is_shown_as_it_was_written(cast, make_recommendation):
    recommendation = make_recommendation()
    (row,) = audit_record(
        recommendation, actor=cast.secretariat, changes={"due_date": ("30/06/2022", "bientôt")}
    )
    assert (row.old_shown, row.new_shown) == ("30/06/2022", "bientôt")


def test_a_moment_of_the_trail_is_shown_in_the_portal_s_zone(cast, make_ticket):
    ticket = make_ticket()
    (row,) = audit_record(
        ticket, actor=cast.agent, changes={"created_at": ("", "2022-04-21 08:00:00+00:00")}
    )
    assert row.new_shown == formatted(at(2022, 4, 21, 8), "datetime_short")
