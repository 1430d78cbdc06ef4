import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from meetings.models import AgendaItem, Invitation, Meeting
from meetings.services import (
    agenda_item_create,
    agenda_reorder,
    invitations_send,
    meeting_cancel,
    meeting_create,
    meeting_duplicate,
    meeting_postpone,
)
from tests.meetings.conftest import at


def ranked(meeting):
    return Meeting.objects.with_rank().get(pk=meeting.pk)


def test_the_rank_in_the_year_is_derived_from_the_dates(cast, january_session, april_session):
    assert ranked(january_session).rank_label == "1ère rencontre 2022"
    assert ranked(april_session).rank_label == "2ème rencontre 2022"
    earlier = meeting_create(
        actor=cast.secretariat, title="Réunion thématique", starts_at=at(2022, 1, 5)
    )
    assert ranked(earlier).rank_label == "1ère rencontre 2022"
    assert ranked(april_session).rank_label == "3ème rencontre 2022"


def test_cancelled_and_undated_meetings_take_no_rank(cast, january_session, april_session):
    meeting_cancel(actor=cast.secretariat, meeting=april_session, reason="Conseil des ministres")
    assert ranked(april_session).rank_label == ""
    undated = meeting_create(actor=cast.secretariat, title="À programmer")
    assert ranked(undated).rank_label == ""
    next_one = meeting_create(actor=cast.secretariat, title="Suite", starts_at=at(2022, 6, 1))
    assert ranked(next_one).rank_label == "2ème rencontre 2022"


def test_a_new_year_starts_the_count_again(cast, january_session):
    next_year = meeting_create(actor=cast.secretariat, title="Rentrée", starts_at=at(2023, 2, 1))
    assert ranked(next_year).rank_label == "1ère rencontre 2023"


def test_a_follow_up_meeting_proposes_the_implementation_report_item(
    april_session, january_session
):
    item = april_session.agenda_items.get()
    assert item.reviews_meeting == january_session
    assert item.title == (
        "État de mise en œuvre des recommandations de la session du 20 janvier 2022"
    )


def test_only_the_secretariat_creates_meetings(cast):
    for outsider in (cast.dsi_health, cast.agent, cast.secretary_general):
        with pytest.raises(PermissionDenied):
            meeting_create(actor=outsider, title="Réunion pirate")


def test_the_end_must_follow_the_start(cast):
    with pytest.raises(ValidationError) as error:
        meeting_create(
            actor=cast.secretariat,
            title="X",
            starts_at=at(2022, 5, 2, 10),
            ends_at=at(2022, 5, 2, 9),
        )
    assert "La fin de la réunion doit suivre son début." in str(error.value)


def test_duplicating_copies_agenda_invitees_and_venue_and_clears_dates(cast, april_session):
    agenda_item_create(actor=cast.secretariat, meeting=april_session, title="Situation des DSI")
    invitations_send(
        actor=cast.secretariat, meeting=april_session, structures=[cast.health, cast.education]
    )
    copy = meeting_duplicate(actor=cast.secretariat, source=april_session)
    assert copy.starts_at is None and copy.ends_at is None
    assert copy.venue == april_session.venue
    assert copy.follows_up == april_session
    titles = list(copy.agenda_items.values_list("title", flat=True))
    assert "Situation des DSI" in titles
    # The copy reviews the source, not the session the source reviewed.
    assert copy.agenda_items.get(reviews_meeting__isnull=False).reviews_meeting == april_session
    assert set(copy.invitations.values_list("invitee", flat=True)) == {
        cast.dsi_health.pk,
        cast.dsi_education.pk,
    }
    assert set(copy.invitations.values_list("response", flat=True)) == {Invitation.Response.PENDING}


def test_a_postponed_meeting_keeps_its_history_and_gets_its_new_date(cast, april_session):
    old_start = april_session.starts_at
    meeting_postpone(
        actor=cast.secretariat,
        meeting=april_session,
        starts_at=at(2022, 4, 28, 9),
        ends_at=at(2022, 4, 28, 13),
        reason="Indisponibilité de la salle",
    )
    april_session.refresh_from_db()
    assert april_session.status == Meeting.Status.POSTPONED
    assert april_session.starts_at == at(2022, 4, 28, 9)
    change = april_session.changes.get()
    assert change.old_starts_at == old_start
    assert change.reason == "Indisponibilité de la salle"


def test_a_cancelled_meeting_can_no_longer_be_changed(cast, april_session):
    meeting_cancel(actor=cast.secretariat, meeting=april_session, reason="Report sine die")
    with pytest.raises(ValidationError, match="annulée"):
        meeting_postpone(actor=cast.secretariat, meeting=april_session, starts_at=at(2022, 5, 5))


def test_the_agenda_is_reordered_in_one_call(cast, april_session):
    a = agenda_item_create(actor=cast.secretariat, meeting=april_session, title="A")
    b = agenda_item_create(actor=cast.secretariat, meeting=april_session, title="B")
    report = april_session.agenda_items.get(reviews_meeting__isnull=False)
    agenda_reorder(
        actor=cast.secretariat, meeting=april_session, ordered_ids=[b.pk, report.pk, a.pk]
    )
    titles = list(AgendaItem.objects.filter(meeting=april_session).values_list("title", flat=True))
    assert titles == ["B", report.title, "A"]
    with pytest.raises(ValidationError, match="Rechargez la page"):
        agenda_reorder(actor=cast.secretariat, meeting=april_session, ordered_ids=[a.pk])


def test_duplicating_invites_the_original_invitee_not_their_delegate(
    cast, before_april, april_session
):
    from meetings.services import invitation_reply
    from tests.conftest import make_user

    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    deputy = make_user("ali.ouedraogo@sante.gov.bf", cast.health, first_name="Ali")
    invitation = april_session.invitations.get(invitee=cast.dsi_health)
    invitation_reply(
        actor=cast.dsi_health, invitation=invitation, response="delegated", delegate=deputy
    )
    copy = meeting_duplicate(actor=cast.secretariat, source=april_session)
    [copied] = copy.invitations.all()
    assert copied.invitee == cast.dsi_health
    assert copied.structure == cast.health
    assert copied.response == Invitation.Response.PENDING
    assert copied.delegated_from is None


def test_changing_the_session_followed_up_repoints_its_report_item(cast, april_session):
    from meetings.services import meeting_update

    earlier = meeting_create(
        actor=cast.secretariat, title="Session de décembre", starts_at=at(2021, 12, 9)
    )
    meeting_update(actor=cast.secretariat, meeting=april_session, follows_up=earlier)
    [item] = april_session.agenda_items.all()
    assert item.reviews_meeting == earlier
    assert item.title == (
        "État de mise en œuvre des recommandations de la session du 9 décembre 2021"
    )


def test_following_up_no_session_removes_the_report_item(cast, april_session):
    from meetings.services import meeting_update

    kept = agenda_item_create(actor=cast.secretariat, meeting=april_session, title="Helpdesk")
    meeting_update(actor=cast.secretariat, meeting=april_session, follows_up=None)
    assert list(april_session.agenda_items.all()) == [kept]


def test_a_meeting_cannot_be_postponed_before_the_session_it_follows_up(
    cast, january_session, april_session
):
    with pytest.raises(ValidationError, match="La session suivie doit avoir eu lieu avant"):
        meeting_postpone(actor=cast.secretariat, meeting=april_session, starts_at=at(2022, 1, 10))
    april_session.refresh_from_db()
    assert april_session.starts_at == at(2022, 4, 21, 9)
    assert not april_session.changes.exists()


def test_a_session_cannot_be_postponed_past_its_follow_up(cast, january_session, april_session):
    january_session.status = Meeting.Status.PLANNED
    january_session.save()
    with pytest.raises(ValidationError, match="fait le suivi de celle-ci"):
        meeting_postpone(actor=cast.secretariat, meeting=january_session, starts_at=at(2022, 5, 2))


def test_postponing_a_session_retitles_the_report_item_that_reviews_it(
    cast, january_session, april_session
):
    january_session.status = Meeting.Status.PLANNED
    january_session.save()
    meeting_postpone(actor=cast.secretariat, meeting=january_session, starts_at=at(2022, 1, 27))
    assert april_session.agenda_items.get().title == (
        "État de mise en œuvre des recommandations de la session du 27 janvier 2022"
    )


def test_an_item_is_moved_up_or_down_one_place(cast, april_session):
    from meetings.services import agenda_item_move

    a = agenda_item_create(actor=cast.secretariat, meeting=april_session, title="A")
    report = april_session.agenda_items.get(reviews_meeting__isnull=False)
    agenda_item_move(actor=cast.secretariat, meeting=april_session, item_id=a.pk, direction="up")
    assert list(april_session.agenda_items.values_list("pk", flat=True)) == [a.pk, report.pk]
    agenda_item_move(actor=cast.secretariat, meeting=april_session, item_id=a.pk, direction="up")
    assert list(april_session.agenda_items.values_list("pk", flat=True)) == [a.pk, report.pk]
    with pytest.raises(ValidationError, match="Rechargez la page"):
        agenda_item_move(
            actor=cast.secretariat, meeting=april_session, item_id=999999, direction="down"
        )


def test_undated_meetings_come_last_on_every_database(cast, january_session, april_session):
    from meetings.forms import MeetingForm
    from meetings.selectors import meetings_for_list

    undated = meeting_create(actor=cast.secretariat, title="À programmer")
    expected = [april_session, january_session, undated]
    assert list(Meeting.objects.all()) == expected
    assert list(meetings_for_list(viewer=cast.secretariat)) == expected
    assert list(MeetingForm().fields["follows_up"].queryset) == expected


def test_a_meeting_is_marked_held_once_and_only_after_it_started(cast, april_session, login):
    from meetings.services import meeting_mark_held

    meeting_mark_held(actor=cast.secretariat, meeting=april_session)
    with pytest.raises(ValidationError, match="déjà marquée comme tenue"):
        meeting_mark_held(actor=cast.secretariat, meeting=april_session)
    assert april_session.changes.filter(status=Meeting.Status.HELD).count() == 1
    page = login(cast.secretariat).get(f"/meetings/{april_session.pk}/").content.decode()
    assert "Marquer comme tenue" not in page


def test_a_future_meeting_offers_neither_held_nor_publication(cast, login):
    from datetime import timedelta

    from django.utils import timezone

    from meetings.services import minutes_save_draft

    future = meeting_create(
        actor=cast.secretariat,
        title="Session à venir",
        starts_at=timezone.now() + timedelta(days=9),
    )
    minutes_save_draft(actor=cast.secretariat, meeting=future, body="Projet d'ordre du jour")
    page = login(cast.secretariat).get(f"/meetings/{future.pk}/").content.decode()
    assert "Marquer comme tenue" not in page
    assert f"/meetings/{future.pk}/minutes/publish/" not in page


def test_the_duplicates_invitees_are_told_once_it_has_a_date_and_inactive_accounts_are_left_out(
    cast, april_session, before_april
):
    """The copy of a session has no date: its invitees are told nothing until the Secretariat
    sets one, then each receives the invitation once."""
    from datetime import timedelta

    from django.utils import timezone

    from core import outbox
    from core.models import Notification
    from meetings.services import meeting_update

    invitations_send(
        actor=cast.secretariat, meeting=april_session, structures=[cast.health, cast.education]
    )
    outbox.notifications_dispatch()  # the April invitations
    cast.dsi_education.is_active = False
    cast.dsi_education.save()
    copy = meeting_duplicate(actor=cast.secretariat, source=april_session)
    assert [i.invitee for i in copy.invitations.all()] == [cast.dsi_health]
    rows = Notification.objects.for_target(copy)
    assert not rows.exists()

    meeting_update(actor=cast.secretariat, meeting=copy, title="Avril bis")
    assert not rows.exists()

    meeting_update(
        actor=cast.secretariat, meeting=copy, starts_at=timezone.now() + timedelta(days=40)
    )
    invitations = rows.filter(kind="meetings.invitation")
    assert [row.recipient for row in invitations] == [cast.dsi_health]
    meeting_update(actor=cast.secretariat, meeting=copy, venue="Salle B")
    assert invitations.count() == 1
    mail.outbox.clear()
    outbox.notifications_dispatch()
    assert [m.to for m in mail.outbox if m.subject.startswith("Invitation")] == [
        [cast.dsi_health.email]
    ]


def test_postponing_an_undated_session_sends_its_invitations_not_a_postponement(
    cast, april_session, before_april
):
    from datetime import timedelta

    from django.utils import timezone

    from core.models import Notification

    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    copy = meeting_duplicate(actor=cast.secretariat, source=april_session)
    meeting_postpone(
        actor=cast.secretariat, meeting=copy, starts_at=timezone.now() + timedelta(days=40)
    )
    kinds = set(Notification.objects.for_target(copy).values_list("kind", flat=True))
    assert "meetings.invitation" in kinds and "meetings.postponed" not in kinds


def test_an_invitation_to_a_past_session_is_recorded_but_not_e_mailed(cast, april_session):
    from core.models import Notification

    summary = invitations_send(
        actor=cast.secretariat, meeting=april_session, structures=[cast.health]
    )
    assert [i.invitee for i in summary.invited] == [cast.dsi_health]
    assert not Notification.objects.for_target(april_session).exists()
