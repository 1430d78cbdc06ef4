"""A server error: the page gives a reference and tells the truth about who hears of it; the
portal's administrators get one report per failure and per hour, through the outbox."""

import pytest
from django.core import mail

from accounts.models import User
from core import outbox
from core.errors import SERVER_ERROR
from core.models import Notification

pytestmark = pytest.mark.urls("tests.dsi_portal.failing_urls")


@pytest.fixture
def failing(login, cast):
    client = login(cast.dsi_health)
    client.raise_request_exception = False
    return client


def test_a_server_error_reports_to_the_administrators_with_the_pages_reference(failing, cast):
    response = failing.get("/en-panne/?q=1")
    assert response.status_code == 500
    page = response.content.decode()
    rows = Notification.objects.filter(kind=SERVER_ERROR)
    assert {row.recipient for row in rows} == {cast.secretariat, cast.admin}
    reference = rows[0].payload["reference"]
    assert f"<strong>{reference}</strong>" in page
    assert "Les administrateurs du portail en sont informés." in page
    assert "L'équipe technique a été prévenue" not in page

    outbox.notifications_dispatch()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [cast.secretariat.email, cast.admin.email]
    )
    message = mail.outbox[0]
    assert reference in message.subject
    # The URL pattern, never the query string nor a token in the path.
    assert "GET /en-panne/" in message.body
    assert "q=1" not in message.body
    assert cast.dsi_health.email in message.body
    assert "ZeroDivisionError" in message.body
    html = message.alternatives[0][0]
    # The error's text is the user's or an attacker's as much as ours: escaped.
    assert "&lt;b&gt;division&lt;/b&gt;" in html
    assert "<b>division</b>" not in html


def test_the_same_failure_is_reported_once_an_hour_but_each_page_has_its_reference(failing):
    first = failing.get("/en-panne/").content.decode()
    second = failing.get("/en-panne/").content.decode()
    assert Notification.objects.filter(kind=SERVER_ERROR).count() == 2  # one per administrator
    references = {
        line for line in (first, second) for line in line.split() if line.startswith("<strong>")
    }
    assert len(references) == 2


def test_without_anyone_to_tell_the_page_does_not_promise_it(failing, cast):
    User.objects.filter(is_staff=True).update(is_staff=False)
    page = failing.get("/en-panne/").content.decode()
    assert "Référence de l'erreur" in page
    assert "informés" not in page
    assert not Notification.objects.filter(kind=SERVER_ERROR).exists()


def test_an_address_in_admins_receives_the_report(failing, cast, settings):
    User.objects.filter(is_staff=True).update(is_staff=False)
    settings.ADMINS = [("Exploitation", cast.agent.email.upper())]
    failing.get("/en-panne/")
    assert [row.recipient for row in Notification.objects.filter(kind=SERVER_ERROR)] == [cast.agent]


def test_a_closed_administrator_account_hears_nothing(failing, cast):
    User.objects.filter(pk=cast.secretariat.pk).update(is_active=False)
    failing.get("/en-panne/")
    assert [row.recipient for row in Notification.objects.filter(kind=SERVER_ERROR)] == [cast.admin]


def test_a_form_whose_view_fails_keeps_nothing_and_is_still_reported(failing, cast):
    from core.models import Heartbeat, Submission

    response = failing.post("/en-panne/apres-ecriture/", {"submission": "t" * 32})
    assert response.status_code == 500
    assert not Heartbeat.objects.filter(name="moitie").exists()
    assert not Submission.objects.exists()  # the form can be sent again
    [report] = Notification.objects.filter(kind=SERVER_ERROR, recipient=cast.admin)
    assert report.payload["error"] == "ZeroDivisionError: après une écriture"


@pytest.mark.postgresql  # an aborted transaction is PostgreSQL's
def test_a_database_error_is_reported_as_itself(failing, cast):
    response = failing.post("/en-panne/requete/", {"submission": "r" * 32})
    assert response.status_code == 500
    [report] = Notification.objects.filter(kind=SERVER_ERROR, recipient=cast.admin)
    assert report.payload["error"].startswith("ProgrammingError")
