import pytest
from kombu import pools

from core.queue import enqueue
from dsi_portal.celery import app


@pytest.fixture
def broker_down():
    """The real Celery app on a filesystem broker whose folder cannot be written (as a disk
    full or unmounted would be): publishing fails at once, with the broker's own error."""
    keys = ("task_always_eager", "broker_url", "broker_transport_options")
    saved = {key: app.conf[key] for key in keys}
    unwritable = "/proc/no-broker-here"
    app.conf.update(
        task_always_eager=False,
        broker_url="filesystem://",
        broker_transport_options={
            "data_folder_in": unwritable,
            "data_folder_out": unwritable,
            "control_folder": unwritable,
        },
    )
    forget_connections()
    yield
    app.conf.update(saved)
    forget_connections()


def forget_connections():
    """Drop the connections and producers an earlier test may have opened on the old broker,
    kombu's process-wide producer pools included: eager tasks still take a producer from them,
    and one left pointing at a closed pool would make every later test's queueing fail."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


def test_a_broker_outage_is_logged_not_raised(broker_down, caplog):
    from core.tasks import dispatch_notifications

    assert enqueue(dispatch_notifications) is False
    assert "Could not queue core.tasks.dispatch_notifications" in caplog.text


def test_a_ticket_filed_while_the_broker_is_down_is_kept(
    broker_down, make_ticket, django_capture_on_commit_callbacks
):
    from helpdesk.models import Ticket

    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket()
    assert Ticket.objects.filter(pk=ticket.pk).exists()
