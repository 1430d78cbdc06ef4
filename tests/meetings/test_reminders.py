"""Reminders before a meeting: a week and a day before, at the meeting's hour in Ouagadougou,
to those who have not declined; they follow a postponed meeting and give way to a cancellation
notice. A follow-up meeting's reminder lists each DSI's open recommendations."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from core import outbox
from core.models import Notification
from meetings.emails import NUDGE, REMINDER
from meetings.models import Invitation
from meetings.services import (
    invitation_reply,
    invitations_send,
    meeting_cancel,
    meeting_create,
    meeting_postpone,
)
from recommendations.models import Recommendation, Status
from tests.conftest import at, make_user

PLANNED_ON = at(2026, 11, 20, 10)
STARTS = at(2026, 12, 10, 9)


def dispatch_at(moment):
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        outbox.notifications_dispatch()
    return list(mail.outbox)


def reminders(messages):
    return sorted(m.to[0] for m in messages if m.subject.startswith("Rappel"))


@pytest.fixture
def december(cast, january_session):
    """The December follow-up session, planned on 20 November; Health and Education are
    invited, Education declines."""
    with time_machine.travel(PLANNED_ON, tick=False):
        meeting = meeting_create(
            actor=cast.secretariat,
            title="4ème rencontre 2026",
            starts_at=STARTS,
            ends_at=STARTS + timedelta(hours=4),
            venue="Salle de conférence du MTDPCE",
            follows_up=january_session,
        )
        invitations_send(actor=cast.secretariat, meeting=meeting, structures=[cast.health])
        invitations_send(actor=cast.secretariat, meeting=meeting, structures=[cast.education])
        invitation_reply(
            actor=cast.dsi_education,
            invitation=meeting.invitations.get(invitee=cast.dsi_education),
            response=Invitation.Response.DECLINED,
        )
        invitation_reply(
            actor=cast.dsi_health,
            invitation=meeting.invitations.get(invitee=cast.dsi_health),
            response=Invitation.Response.ATTENDING,
        )
    # The invitations themselves leave at once.
    dispatch_at(PLANNED_ON)
    return meeting


def test_reminders_are_planned_a_week_and_a_day_before_at_the_meetings_hour(cast, december):
    rows = Notification.objects.for_target(december).filter(
        kind=REMINDER, state=Notification.State.PENDING
    )
    local = sorted(timezone.localtime(row.due_at) for row in rows)
    assert [(t.day, t.month, t.hour, t.minute) for t in local] == [(3, 12, 9, 0), (9, 12, 9, 0)]
    assert {str(t.tzinfo) for t in local} == {"Africa/Ouagadougou"}
    assert set(rows.values_list("recipient", flat=True)) == {cast.dsi_health.pk}


def test_the_week_before_reminder_leaves_on_time_to_those_coming_only(cast, december):
    assert reminders(dispatch_at(at(2026, 12, 3, 8, 59))) == []
    sent = dispatch_at(at(2026, 12, 3, 9, 0))
    assert reminders(sent) == [cast.dsi_health.email]
    [reminder] = sent
    assert "jeudi 10 décembre 2026, 09:00" in reminder.body
    [(filename, ics, mimetype)] = reminder.attachments
    assert (filename, mimetype) == (f"reunion-{december.pk}.ics", "text/calendar")
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "DTSTART:20261210T090000Z" in ics
    # Nothing more until the day before.
    assert reminders(dispatch_at(at(2026, 12, 8, 9))) == []
    assert reminders(dispatch_at(at(2026, 12, 9, 9, 1))) == [cast.dsi_health.email]
    assert reminders(dispatch_at(at(2026, 12, 9, 18))) == []


def test_a_postponed_meeting_moves_its_pending_reminders(cast, december):
    pending = Notification.objects.for_target(december).filter(
        kind=REMINDER, state=Notification.State.PENDING
    )
    before = set(pending.values_list("pk", flat=True))
    with time_machine.travel(at(2026, 11, 25, 10), tick=False):
        meeting_postpone(
            actor=cast.secretariat,
            meeting=december,
            starts_at=at(2026, 12, 17, 9),
            reason="Conseil des ministres",
        )
    rows = Notification.objects.for_target(december).filter(
        kind=REMINDER, state=Notification.State.PENDING
    )
    assert set(rows.values_list("pk", flat=True)) == before  # the same rows, moved
    local = sorted(timezone.localtime(row.due_at) for row in rows)
    assert [(t.day, t.hour) for t in local] == [(10, 9), (16, 9)]
    assert reminders(dispatch_at(at(2026, 12, 3, 9, 5))) == []
    sent = dispatch_at(at(2026, 12, 10, 9, 5))
    assert reminders(sent) == [cast.dsi_health.email]
    assert "jeudi 17 décembre 2026, 09:00" in sent[0].body


def test_a_reminder_already_sent_before_a_postponement_is_planned_again_for_the_new_date(
    cast, december
):
    assert reminders(dispatch_at(at(2026, 12, 3, 9, 1))) == [cast.dsi_health.email]
    with time_machine.travel(at(2026, 12, 4, 10), tick=False):
        meeting_postpone(
            actor=cast.secretariat, meeting=december, starts_at=at(2027, 1, 14, 9), reason="Report"
        )
    assert reminders(dispatch_at(at(2026, 12, 9, 9, 1))) == []  # the old J-1 moved
    assert reminders(dispatch_at(at(2027, 1, 7, 9, 1))) == [cast.dsi_health.email]
    assert reminders(dispatch_at(at(2027, 1, 13, 9, 1))) == [cast.dsi_health.email]


def test_a_cancelled_meeting_sends_no_reminder_but_one_cancellation_notice(cast, december):
    with time_machine.travel(at(2026, 11, 27, 10), tick=False):
        meeting_cancel(actor=cast.secretariat, meeting=december, reason="Conseil des ministres")
    notices = dispatch_at(at(2026, 11, 27, 10, 1))
    assert [(m.to, m.subject) for m in notices] == [
        ([cast.dsi_health.email], "Réunion annulée : 4ème rencontre 2026")
    ]
    assert "Conseil des ministres" in notices[0].body
    for moment in (at(2026, 12, 3, 9, 1), at(2026, 12, 7, 9, 1), at(2026, 12, 9, 9, 1)):
        assert dispatch_at(moment) == []
    states = set(
        Notification.objects.for_target(december)
        .filter(kind__in=[REMINDER, NUDGE])
        .values_list("state", flat=True)
    )
    assert states == {Notification.State.CANCELLED}


def test_invitees_who_have_not_answered_get_a_nudge_three_days_before(cast, december):
    colleague = make_user("mariam.ouedraogo@sante.gov.bf", cast.health, Role.DSI)
    with time_machine.travel(at(2026, 11, 21, 10), tick=False):
        invitations_send(actor=cast.secretariat, meeting=december, users=[colleague])
    dispatch_at(at(2026, 11, 21, 10, 1))
    week_before = {m.to[0]: m for m in dispatch_at(at(2026, 12, 3, 9, 1))}
    # Her J-7 reminder asks for an answer; Aïcha, who answered, is not asked.
    assert "pas encore répondu" in week_before[colleague.email].body
    assert "pas encore répondu" not in week_before[cast.dsi_health.email].body
    sent = dispatch_at(at(2026, 12, 7, 9, 1))
    assert [(m.to[0], m.subject) for m in sent] == [
        (colleague.email, "Merci de répondre à l'invitation : 4ème rencontre 2026")
    ]


def test_answering_cancels_the_nudge(cast, december):
    colleague = make_user("mariam.ouedraogo@sante.gov.bf", cast.health, Role.DSI)
    with time_machine.travel(at(2026, 11, 21, 10), tick=False):
        invitations_send(actor=cast.secretariat, meeting=december, users=[colleague])
        invitation_reply(
            actor=colleague,
            invitation=december.invitations.get(invitee=colleague),
            response=Invitation.Response.ATTENDING,
        )
    assert not Notification.objects.filter(kind=NUDGE, state=Notification.State.PENDING).exists()
    dispatch_at(at(2026, 12, 3, 9, 1))
    assert dispatch_at(at(2026, 12, 7, 9, 1)) == []


def test_someone_invited_late_gets_no_reminder_for_a_date_already_past(cast, december):
    colleague = make_user("ali.sawadogo@education.gov.bf", cast.education, Role.DSI)
    with time_machine.travel(at(2026, 12, 5, 10), tick=False):
        invitations_send(actor=cast.secretariat, meeting=december, users=[colleague])
    rows = Notification.objects.filter(recipient=colleague, kind=REMINDER)
    assert [timezone.localtime(row.due_at).day for row in rows] == [9]


def test_the_follow_up_reminder_lists_the_structures_open_recommendations(
    cast, december, make_recommendation
):
    open_one = make_recommendation("Généraliser la messagerie professionnelle")
    done = make_recommendation("Désigner un point focal e-Conseil")
    Recommendation.objects.filter(pk=done.pk).update(status=Status.IMPLEMENTED)
    theirs = make_recommendation("Raccorder le ministère au RESINA", lead=cast.education)
    [reminder] = dispatch_at(at(2026, 12, 3, 9, 1))
    assert open_one.reference in reminder.body
    assert f"http://testserver/recommendations/{open_one.pk}/update/" in reminder.body
    assert done.reference not in reminder.body
    assert theirs.reference not in reminder.body
    html = reminder.alternatives[0][0]
    assert f'href="http://testserver/recommendations/{open_one.pk}/update/"' in html


def test_recommendation_text_is_escaped_in_the_reminders_html(cast, december, make_recommendation):
    make_recommendation("<script>alert('x')</script> Mettre à jour le RESINA")
    [reminder] = dispatch_at(at(2026, 12, 3, 9, 1))
    html = reminder.alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_postponement_is_announced_at_once_to_those_coming(cast, december):
    with time_machine.travel(at(2026, 11, 25, 10), tick=False):
        meeting_postpone(
            actor=cast.secretariat,
            meeting=december,
            starts_at=at(2026, 12, 17, 9),
            reason="Conseil des ministres",
        )
    sent = dispatch_at(at(2026, 11, 25, 10, 1))
    assert [(m.to[0], m.subject) for m in sent] == [
        (cast.dsi_health.email, "Réunion reportée au 17 décembre 2026 : 4ème rencontre 2026")
    ]
    body = sent[0].body
    assert "Nouvelle date : jeudi 17 décembre 2026, 09:00" in body
    assert "Elle était prévue le : jeudi 10 décembre 2026, 09:00" in body
    assert "Motif : Conseil des ministres" in body
    [(_name, ics, _type)] = sent[0].attachments
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "DTSTART:20261217T090000Z" in ics


def test_the_follow_up_section_keeps_to_the_reviewed_session_and_counts_contributions(
    cast, december, april_session, make_recommendation
):
    elsewhere = make_recommendation("Recommandation d'une autre session", meeting=april_session)
    shared = make_recommendation("Mutualiser les salles serveurs", lead=cast.education)
    shared.contributors.add(cast.health)
    [reminder] = dispatch_at(at(2026, 12, 3, 9, 1))
    assert shared.reference in reminder.body
    assert elsewhere.reference not in reminder.body


def test_no_follow_up_section_for_a_structure_without_recommendations_or_a_non_dsi(
    cast, december, make_recommendation
):
    make_recommendation("Raccorder au RESINA", lead=cast.education)
    with time_machine.travel(PLANNED_ON, tick=False):
        invitations_send(actor=cast.secretariat, meeting=december, users=[cast.agent])
        invitation_reply(
            actor=cast.agent,
            invitation=december.invitations.get(invitee=cast.agent),
            response=Invitation.Response.ATTENDING,
        )
    dispatch_at(PLANNED_ON)
    sent = {m.to[0]: m.body for m in dispatch_at(at(2026, 12, 3, 9, 1))}
    assert set(sent) == {cast.dsi_health.email, cast.agent.email}
    for body in sent.values():
        assert "fera le point sur les recommandations" not in body


def test_a_delegated_seat_is_reminded_to_the_delegate_only(cast, december):
    colleague = make_user("mariam.ouedraogo@sante.gov.bf", cast.health, Role.DSI)
    with time_machine.travel(PLANNED_ON, tick=False):
        invitation_reply(
            actor=cast.dsi_health,
            invitation=december.invitations.get(invitee=cast.dsi_health),
            response=Invitation.Response.DELEGATED,
            delegate=colleague,
        )
    dispatch_at(PLANNED_ON)
    assert reminders(dispatch_at(at(2026, 12, 3, 9, 1))) == [colleague.email]


def test_an_invitee_who_declined_then_accepts_is_reminded_by_the_same_rows(cast, december):
    """Boubacar declined (his reminders were cancelled), then accepts after all."""
    cancelled = Notification.objects.filter(
        recipient=cast.dsi_education, kind=REMINDER, state=Notification.State.CANCELLED
    )
    before = set(cancelled.values_list("pk", flat=True))
    assert len(before) == 2
    with time_machine.travel(at(2026, 11, 23, 10), tick=False):
        invitation_reply(
            actor=cast.dsi_education,
            invitation=december.invitations.get(invitee=cast.dsi_education),
            response=Invitation.Response.ATTENDING,
        )
    rows = Notification.objects.filter(recipient=cast.dsi_education, kind=REMINDER)
    assert set(rows.values_list("pk", flat=True)) == before
    assert set(rows.values_list("state", flat=True)) == {Notification.State.PENDING}
    expected = sorted([cast.dsi_health.email, cast.dsi_education.email])
    assert reminders(dispatch_at(at(2026, 12, 3, 9, 1))) == expected
    assert reminders(dispatch_at(at(2026, 12, 9, 9, 1))) == expected


def test_postponing_back_to_the_first_date_brings_its_cancelled_reminder_back(cast, december):
    """Moved to 28 November, three days ahead, the meeting has no week-before reminder (it
    is cancelled); moved back to 10 December, it has one again."""
    with time_machine.travel(at(2026, 11, 25, 10), tick=False):
        meeting_postpone(
            actor=cast.secretariat,
            meeting=december,
            starts_at=at(2026, 11, 28, 9),
            reason="Avancée",
        )
    pending = Notification.objects.filter(
        recipient=cast.dsi_health, kind=REMINDER, state=Notification.State.PENDING
    )
    assert [timezone.localtime(row.due_at).day for row in pending] == [27]
    with time_machine.travel(at(2026, 11, 26, 10), tick=False):
        meeting_postpone(
            actor=cast.secretariat, meeting=december, starts_at=STARTS, reason="Retour à la date"
        )
    local = sorted(timezone.localtime(row.due_at) for row in pending.all())
    assert [(t.day, t.month) for t in local] == [(3, 12), (9, 12)]
    assert reminders(dispatch_at(at(2026, 12, 3, 9, 1))) == [cast.dsi_health.email]
    assert reminders(dispatch_at(at(2026, 12, 9, 9, 1))) == [cast.dsi_health.email]
