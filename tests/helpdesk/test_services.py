import re
from datetime import timedelta
from threading import Barrier, Thread

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk.models import Status, Ticket
from helpdesk.services import (
    message_add,
    ticket_assign,
    ticket_bulk_transition,
    ticket_confirm_resolution,
    ticket_merge,
    ticket_rate,
    ticket_reopen,
    ticket_transition,
)
from tests.conftest import at, settle_mail


def test_a_ticket_gets_a_yearly_reference_and_its_sla_due_times(make_ticket):
    with time_machine.travel(at(2022, 12, 5, 8), tick=False):
        first = make_ticket()
        second = make_ticket("Serveur de fichiers lent")
    assert (first.reference, second.reference) == ("HD-2022-00001", "HD-2022-00002")
    # Normal priority: first response within 4 working hours, resolution within 24.
    assert first.response_due_at == at(2022, 12, 5, 12)
    assert first.resolution_due_at == at(2022, 12, 8, 8)
    assert first.assignee.email == "karim.sanou@anptic.bf"


def test_the_numbering_starts_again_each_year(make_ticket):
    with time_machine.travel(at(2022, 12, 30, 9), tick=False):
        make_ticket()
    with time_machine.travel(at(2023, 1, 4, 9), tick=False):
        assert make_ticket().reference == "HD-2023-00001"


@pytest.mark.postgresql  # row locks are what is tested
@pytest.mark.django_db(transaction=True)
def test_references_are_never_duplicated_under_parallel_creation(cast, make_ticket):
    barrier, errors = Barrier(8), []

    def create(i):
        from django.db import connections

        try:
            barrier.wait()
            make_ticket(f"Demande {i}")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [Thread(target=create, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = list(Ticket.objects.values_list("reference", flat=True))
    assert len(set(references)) == 8


def test_only_a_dsi_files_tickets(cast, make_ticket):
    for outsider in (cast.agent, cast.secretariat, cast.secretary_general):
        with pytest.raises(PermissionDenied):
            make_ticket(requester=outsider)


def test_filing_acknowledges_the_requester_and_tells_the_assignee(
    make_ticket, cast, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([cast.dsi_health.email, cast.agent.email])
    ack = next(m for m in mail.outbox if m.to == [cast.dsi_health.email])
    assert ticket.reference in ack.subject and ticket.reference in ack.body


def test_illegal_moves_are_refused_with_a_clear_message(make_ticket, cast):
    ticket = make_ticket()
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.CLOSED)
    with pytest.raises(ValidationError, match="« Clôturée » ne peut pas passer à « En cours »"):
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.IN_PROGRESS)


def test_only_agents_move_tickets(make_ticket, cast):
    ticket = make_ticket()
    with pytest.raises(PermissionDenied):
        ticket_transition(actor=cast.dsi_health, ticket=ticket, status=Status.RESOLVED)


def test_waiting_for_the_requester_pauses_the_clock(make_ticket, cast):
    with time_machine.travel(at(2022, 12, 5, 8), tick=False):
        ticket = make_ticket()
        due = ticket.resolution_due_at
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.WAITING)
    # The requester answers the next morning at 9:00: the clock paused for 7.5 working hours on
    # Monday (8:00–12:30, 13:00–16:00) and 1.5 h on Tuesday.
    with time_machine.travel(at(2022, 12, 6, 9), tick=False):
        message_add(actor=cast.dsi_health, ticket=ticket, body="Voici la capture demandée.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.paused_since is None
    assert ticket.resolution_due_at > due
    from helpdesk.sla import WorkingCalendar

    assert WorkingCalendar.load().between(due, ticket.resolution_due_at) == timedelta(hours=9)


def test_the_first_public_reply_of_an_agent_is_the_first_response(make_ticket, cast):
    ticket = make_ticket()
    message_add(actor=cast.agent, ticket=ticket, body="Note : vérifier le quota", is_internal=True)
    ticket.refresh_from_db()
    assert ticket.first_response_at is None
    message_add(actor=cast.agent, ticket=ticket, body="Nous regardons.")
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None


def test_an_internal_note_is_never_emailed_to_the_requester(
    make_ticket, cast, django_capture_on_commit_callbacks
):
    ticket = make_ticket()
    settle_mail()
    with django_capture_on_commit_callbacks(execute=True):
        message_add(
            actor=cast.agent,
            ticket=ticket,
            body="Quota saturé, voir avec l'exploitant",
            is_internal=True,
        )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        message_add(actor=cast.agent, ticket=ticket, body="Votre boîte est débloquée.")
    assert [m.to for m in mail.outbox] == [[cast.dsi_health.email]]
    assert "Quota saturé" not in mail.outbox[0].body


def test_a_requester_cannot_write_internal_notes(make_ticket, cast):
    ticket = make_ticket()
    with pytest.raises(PermissionDenied):
        message_add(actor=cast.dsi_health, ticket=ticket, body="x", is_internal=True)


def test_a_dsi_of_another_structure_cannot_reply(make_ticket, cast):
    ticket = make_ticket()
    with pytest.raises(PermissionDenied):
        message_add(actor=cast.dsi_education, ticket=ticket, body="x")


def test_taking_a_new_ticket_opens_it(make_ticket, cast):
    ticket = make_ticket()
    ticket_assign(actor=cast.agent, ticket=ticket, assignee=cast.admin)
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    event = ticket.events.get(field="assignee", actor=cast.agent)
    assert (event.old_value, event.new_value) == (str(cast.agent), str(cast.admin))
    with pytest.raises(ValidationError, match="agent de l'ANPTIC"):
        ticket_assign(actor=cast.agent, ticket=ticket, assignee=cast.dsi_health)


def test_the_requester_confirms_or_reopens_within_the_delay_and_rates(make_ticket, cast, settings):
    settings.HELPDESK_REOPEN_DAYS = 7
    with time_machine.travel(at(2022, 12, 5, 9), tick=False):
        ticket = make_ticket()
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    with time_machine.travel(at(2022, 12, 8, 9), tick=False):
        ticket_reopen(actor=cast.dsi_health, ticket=ticket)
        ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    with time_machine.travel(at(2022, 12, 20, 9), tick=False):
        with pytest.raises(ValidationError, match="délai de 7 jours"):
            ticket_reopen(actor=cast.dsi_health, ticket=ticket)
        ticket_confirm_resolution(actor=cast.dsi_health, ticket=ticket)
        ticket_rate(actor=cast.dsi_health, ticket=ticket, satisfaction=4, comment="Rapide")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.satisfaction) == (Status.CLOSED, 4)
    assert ticket.closed_at == at(2022, 12, 20, 9)


def test_rating_is_for_done_tickets_and_between_1_and_5(make_ticket, cast):
    ticket = make_ticket()
    with pytest.raises(ValidationError, match="une fois la demande résolue"):
        ticket_rate(actor=cast.dsi_health, ticket=ticket, satisfaction=5)
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    with pytest.raises(ValidationError, match="de 1 à 5"):
        ticket_rate(actor=cast.dsi_health, ticket=ticket, satisfaction=9)


def test_merging_a_duplicate_moves_its_messages_and_closes_it(make_ticket, cast):
    original = make_ticket()
    duplicate = make_ticket("Webmail inaccessible (bis)")
    message_add(actor=cast.dsi_health, ticket=duplicate, body="Toujours en panne")
    ticket_merge(actor=cast.agent, duplicate=duplicate, into=original)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED and duplicate.merged_into == original
    assert original.messages.filter(body="Toujours en panne").exists()
    other = make_ticket(requester=cast.dsi_education)
    with pytest.raises(ValidationError, match="même structure"):
        ticket_merge(actor=cast.agent, duplicate=other, into=original)


def test_a_bulk_status_change_is_all_or_nothing(make_ticket, cast):
    first, second = make_ticket(), make_ticket("Autre")
    ticket_transition(actor=cast.agent, ticket=second, status=Status.RESOLVED)
    ticket_transition(actor=cast.agent, ticket=second, status=Status.CLOSED)
    with pytest.raises(ValidationError, match=second.reference):
        ticket_bulk_transition(actor=cast.agent, tickets=[first, second], status=Status.IN_PROGRESS)
    first.refresh_from_db()
    assert first.status == Status.NEW


def test_colleagues_without_the_dsi_role_do_not_follow_the_structures_tickets(make_ticket, cast):
    from accounts.roles import Role
    from helpdesk.permissions import is_requester_side
    from tests.conftest import make_user

    dsi_mtdpce = make_user("dsi@mtdpce.gov.bf", cast.mtdpce, Role.DSI)
    ticket = make_ticket(requester=dsi_mtdpce)
    assert ticket not in Ticket.objects.visible_to(cast.secretariat)
    assert ticket not in Ticket.objects.visible_to(cast.secretary_general)
    assert not is_requester_side(cast.secretariat, ticket)
    assert is_requester_side(dsi_mtdpce, ticket)


def test_the_assignee_given_by_the_category_is_in_the_history(make_ticket, cast):
    ticket = make_ticket()
    event = ticket.events.get(field="assignee")
    assert (event.actor, event.old_value, event.new_value) == (None, "", str(cast.agent))


def test_the_categorys_agent_taking_a_new_ticket_opens_it_and_it_is_recorded(make_ticket, cast):
    ticket = make_ticket()  # Karim is the category's default assignee
    ticket_assign(actor=cast.agent, ticket=ticket, assignee=cast.agent)
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee) == (Status.OPEN, cast.agent)
    taken = ticket.events.get(field="taken")
    assert (taken.actor, taken.new_value) == (cast.agent, str(cast.agent))
    assert ticket.events.filter(field="status", new_value="Ouverte", actor=cast.agent).exists()


def test_a_ticket_is_rated_only_once(make_ticket, cast):
    ticket = make_ticket()
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    ticket_rate(actor=cast.dsi_health, ticket=ticket, satisfaction=2, comment="Lent")
    with pytest.raises(ValidationError, match="déjà été noté"):
        ticket_rate(actor=cast.dsi_health, ticket=ticket, satisfaction=5)
    ticket.refresh_from_db()
    assert (ticket.satisfaction, ticket.satisfaction_comment) == (2, "Lent")


def test_reopening_clears_the_rating_so_the_service_is_rated_again(make_ticket, cast):
    ticket = make_ticket()
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    ticket_rate(actor=cast.dsi_health, ticket=ticket, satisfaction=5, comment="Parfait")
    ticket_reopen(actor=cast.dsi_health, ticket=ticket)
    ticket.refresh_from_db()
    assert (ticket.satisfaction, ticket.satisfaction_comment) == (None, "")
    assert ticket.events.filter(field="satisfaction", old_value="5", new_value="").exists()
    ticket_transition(actor=cast.agent, ticket=ticket, status=Status.RESOLVED)
    ticket_rate(actor=cast.dsi_health, ticket=ticket, satisfaction=3)
    ticket.refresh_from_db()
    assert ticket.satisfaction == 3


def test_a_closed_ticket_cannot_be_merged_as_a_duplicate(make_ticket, cast):
    original = make_ticket()
    closed = make_ticket("Webmail inaccessible (bis)")
    ticket_transition(actor=cast.agent, ticket=closed, status=Status.CLOSED)
    with pytest.raises(ValidationError, match="déjà clôturée"):
        ticket_merge(actor=cast.agent, duplicate=closed, into=original)
    closed.refresh_from_db()
    assert closed.merged_into is None


def test_a_merge_locks_both_tickets_in_ascending_order(make_ticket, cast):
    original = make_ticket()
    duplicate = make_ticket("Webmail inaccessible (bis)")
    assert original.pk < duplicate.pk
    with CaptureQueriesContext(connection) as queries:
        ticket_merge(actor=cast.agent, duplicate=duplicate, into=original)
    locked = [
        int(match.group(1))
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT")
        and (
            match := re.search(
                r'FROM "helpdesk_ticket" WHERE "helpdesk_ticket"."id" = (\d+)', query["sql"]
            )
        )
    ]
    assert locked[:2] == [original.pk, duplicate.pk]
