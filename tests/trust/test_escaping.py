"""HTML and script typed into text fields come back as text (issue 8, item 3).

Each story types the same markup into every text field of one area through the real forms, then
reads it back wherever it is shown: the pages (escaped, never raw), the HTML body of the
e-mails it goes out in (escaped), and the PDFs (pypdf reads the literal text back, so WeasyPrint
drew it instead of interpreting it).
"""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from core.outbox import notifications_dispatch
from meetings.models import Meeting
from recommendations.models import Recommendation, StatusUpdate, Theme

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'
PAYLOAD = f"{SCRIPT}{IMAGE}"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_escaped(html, where):
    assert SCRIPT not in html and "<img src=x" not in html, f"raw markup in {where}"
    assert ESCAPED_SCRIPT in html, f"the text typed is missing from {where}"


def page(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def pdf_text(client, address):
    response = client.get(address)
    assert response["Content-Type"] == "application/pdf", address
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages)
    return "".join(text.split())  # lines may wrap anywhere: compare without whitespace


def assert_escaped_in_emails(outbox, recipient):
    """Every HTML e-mail to the recipient shows no raw markup, and one at least shows the text
    typed, escaped."""
    bodies = [
        message.alternatives[0][0]
        for message in outbox
        if recipient in message.to and message.alternatives
    ]
    assert not [html for html in bodies if SCRIPT in html or "<img src=x" in html], recipient
    assert any(ESCAPED_SCRIPT in html for html in bodies), f"no e-mail to {recipient} shows it"


@pytest.fixture
def outbox(mailoutbox):
    """The e-mails sent, the scheduled ones (the outbox) included."""

    def _sent():
        notifications_dispatch()
        return mail.outbox

    return _sent


def test_a_tickets_text_comes_back_escaped_everywhere(
    client, cast, world, outbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.dsi_health)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/helpdesk/new/",
            {
                "title": PAYLOAD,
                "description": PAYLOAD,
                "category": world.health.ticket.category_id,
                "priority": world.health.ticket.priority_id,
            },
        )
    reference = world.health.ticket.__class__.objects.get(title=PAYLOAD).reference
    client.force_login(cast.agent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/helpdesk/{reference}/reply/", {"body": PAYLOAD})
        client.post(f"/helpdesk/{reference}/reply/", {"body": PAYLOAD, "is_internal": "on"})

    for user, addresses in {
        cast.dsi_health: ["/helpdesk/", f"/helpdesk/{reference}/", "/"],
        cast.agent: ["/helpdesk/", f"/helpdesk/{reference}/", f"/helpdesk/?q={reference}", "/"],
    }.items():
        client.force_login(user)
        for address in addresses:
            assert_escaped(page(client, address), f"{address} for {user}")
    assert SCRIPT in pdf_text(client, f"/helpdesk/{reference}/export.pdf")
    sent = outbox()
    for recipient in (cast.dsi_health.email, cast.agent.email):
        assert_escaped_in_emails(sent, recipient)


def test_a_meetings_text_comes_back_escaped_everywhere(client, cast, world, outbox):
    # Upcoming whatever the day, so that the invited DSI's home page lists it.
    starts = timezone.localdate() + timedelta(days=40)
    client.force_login(cast.secretariat)
    client.post(
        "/meetings/new/",
        {
            "title": PAYLOAD,
            "kind": "ordinary",
            "starts_at": f"{starts:%Y-%m-%d}T09:00",
            "venue": PAYLOAD,
            "chair_name": PAYLOAD,
            "description": PAYLOAD,
        },
    )
    meeting = Meeting.objects.get(title=PAYLOAD)
    client.post(f"/meetings/{meeting.pk}/agenda/add/", {"title": PAYLOAD, "description": PAYLOAD})
    client.post(f"/meetings/{meeting.pk}/invite/", {"structures": [cast.health.pk]})
    client.post(f"/meetings/{meeting.pk}/minutes/edit/", {"body": f"# Relevé\n\n{PAYLOAD}"})
    client.post(f"/meetings/{meeting.pk}/minutes/publish/")

    secretariat_pages = [
        "/meetings/",
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/replies/",
        f"/meetings/{meeting.pk}/minutes/versions/",
        f"/meetings/{meeting.pk}/edit/",
        f"/meetings/calendar/?month={starts:%Y-%m}",
    ]
    for address in secretariat_pages:
        assert_escaped(page(client, address), address)
    assert SCRIPT in pdf_text(client, f"/meetings/{meeting.pk}/minutes.pdf")
    client.force_login(cast.dsi_health)
    for address in ["/meetings/", f"/meetings/{meeting.pk}/", "/"]:
        assert_escaped(page(client, address), f"{address} for the invited DSI")
    assert_escaped_in_emails(outbox(), cast.dsi_health.email)


def test_a_recommendations_text_comes_back_escaped_everywhere(
    client, cast, world, outbox, django_capture_on_commit_callbacks
):
    client.force_login(cast.secretariat)
    client.post(
        "/recommendations/new/",
        {
            "meeting": world.january.pk,
            "text": PAYLOAD,
            "theme": Theme.objects.get(name="Serveur de fichiers").pk,
            "lead_structure": cast.health.pk,
            "priority": "high",
            "due_date": "2022-12-31",
            "status": "blocked",
            "status_reason": PAYLOAD,
            "progress": 10,
        },
    )
    recommendation = Recommendation.objects.get(text=PAYLOAD)
    client.force_login(cast.dsi_health)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/recommendations/{recommendation.pk}/update/",
            {
                "status": "blocked",
                "progress": 20,
                "comment": PAYLOAD,
                "status_reason": PAYLOAD,
            },
        )
    update = StatusUpdate.objects.get(recommendation=recommendation, comment=PAYLOAD)
    client.force_login(cast.secretariat)
    for address in [
        "/recommendations/",
        f"/recommendations/{recommendation.pk}/",
        "/recommendations/validations/",
        f"/recommendations/{recommendation.pk}/edit/",
    ]:
        assert_escaped(page(client, address), address)
    assert SCRIPT in pdf_text(client, f"/recommendations/report/{world.january.pk}.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/recommendations/updates/{update.pk}/reject/", {"reason": PAYLOAD})
    client.force_login(cast.dsi_health)
    for address in [f"/recommendations/{recommendation.pk}/", "/recommendations/mine/", "/"]:
        assert_escaped(page(client, address), f"{address} for the DSI")
    client.force_login(cast.secretary_general)
    assert_escaped(page(client, f"/recommendations/{recommendation.pk}/"), "the page for the SG")
    sent = outbox()
    for recipient in (cast.secretariat.email, cast.dsi_health.email):
        assert_escaped_in_emails(sent, recipient)


def test_a_profiles_text_comes_back_escaped_everywhere(client, cast, world):
    client.force_login(cast.dsi_health)
    client.post(
        "/accounts/profile/",
        {"first_name": PAYLOAD[:150], "last_name": "Kaboré", "job_title": PAYLOAD, "phone": ""},
    )
    assert_escaped(page(client, "/accounts/profile/"), "the profile form")
    client.force_login(cast.agent)
    for address in [
        "/accounts/directory/",
        f"/accounts/users/{cast.dsi_health.pk}/",
        f"/helpdesk/{world.health.ticket.reference}/",
    ]:
        assert_escaped(page(client, address), address)
    client.force_login(cast.secretariat)
    assert_escaped(page(client, f"/meetings/{world.health.meeting.pk}/replies/"), "replies")
