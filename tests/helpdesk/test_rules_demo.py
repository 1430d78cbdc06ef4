"""The helpdesk demo leaves the categories as the administrators set them, and shows tickets
waiting for their requester and a merged duplicate."""

import pytest
from django.core.management import call_command

from accounts.models import User
from helpdesk.models import Category, Status, Ticket


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo")


def test_the_demo_keeps_the_categories_assignees(demo):
    # The tickets are seeded once: start again with an assignee chosen by the administrators.
    Ticket.objects.all().delete()
    network = Category.objects.get(name="Réseau et Internet")
    network.default_assignee = User.objects.get(email="admin@demo.bf")
    network.save()
    call_command("seed_demo")
    assert Ticket.objects.exists()
    assert Category.objects.get(pk=network.pk).default_assignee.email == "admin@demo.bf"
    assert not Category.objects.exclude(pk=network.pk).filter(default_assignee__isnull=False)


def test_the_demo_has_tickets_waiting_for_their_requester(demo):
    waiting = Ticket.objects.filter(status=Status.WAITING)
    assert waiting.count() == 2
    assert all(ticket.paused_since is not None for ticket in waiting)


def test_the_demo_has_a_merged_duplicate(demo):
    duplicate = Ticket.objects.get(merged_into__isnull=False)
    assert duplicate.status == Status.CLOSED
    assert duplicate.merged_into.status != Status.CLOSED
    assert duplicate.merged_into.events.filter(field="merged").exists()
