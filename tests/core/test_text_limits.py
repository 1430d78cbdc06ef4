"""What users may type (core.text): long texts stop far above what a civil servant writes,
with a French message that keeps what was typed; titles and names refuse the invisible
characters that reverse the direction of writing."""

import pytest

from core.text import MINUTES_MAX_CHARS, TEXT_MAX_CHARS
from helpdesk.models import Message, Ticket
from meetings.models import Meeting

RLO = "\u202e"


def _ticket_form(mail_category, normal, **fields):
    return {
        "title": "Imprimante réseau hors service",
        "description": "Plus aucune impression depuis ce matin.",
        "category": mail_category.pk,
        "priority": normal.pk,
        **fields,
    }


def test_a_description_at_the_limit_is_kept_one_character_more_is_refused_in_french(
    login, cast, calendar, mail_category, normal
):
    client = login(cast.dsi_health)
    too_long = "a" * (TEXT_MAX_CHARS + 1)
    refused = client.post(
        "/helpdesk/new/", _ticket_form(mail_category, normal, description=too_long)
    )
    assert refused.status_code == 200
    page = refused.content.decode()
    assert (
        f"Ce texte fait {TEXT_MAX_CHARS + 1} caractères ; la limite est de {TEXT_MAX_CHARS}."
        in page
    )
    assert "Imprimante réseau hors service" in page  # nothing lost
    assert not Ticket.objects.exists()
    kept = client.post(
        "/helpdesk/new/", _ticket_form(mail_category, normal, description="a" * TEXT_MAX_CHARS)
    )
    assert kept.status_code == 302
    assert len(Ticket.objects.get().description) == TEXT_MAX_CHARS


def test_a_reply_longer_than_the_limit_is_refused(login, cast, make_ticket):
    ticket = make_ticket()
    client = login(cast.dsi_health)
    response = client.post(
        f"/helpdesk/{ticket.reference}/reply/", {"body": "b" * (TEXT_MAX_CHARS + 1)}, follow=True
    )
    assert "la limite est de" in response.content.decode()
    assert not Message.objects.filter(ticket=ticket).exists()


def test_minutes_longer_than_the_limit_are_refused(login, cast, april_session):
    client = login(cast.secretariat)
    response = client.post(
        f"/meetings/{april_session.pk}/minutes/edit/", {"body": "c" * (MINUTES_MAX_CHARS + 1)}
    )
    assert response.status_code == 200
    assert "la limite est de" in response.content.decode()
    assert not hasattr(Meeting.objects.get(pk=april_session.pk), "minutes") or (
        not Meeting.objects.get(pk=april_session.pk).minutes.versions.exists()
    )


@pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u2066", "\u2069"])
def test_a_ticket_title_with_a_direction_control_is_refused(
    control, login, cast, calendar, mail_category, normal
):
    client = login(cast.dsi_health)
    title = f"Facture 2026{control}fdp.exe"
    response = client.post("/helpdesk/new/", _ticket_form(mail_category, normal, title=title))
    assert response.status_code == 200
    assert "inverse le sens de l&#x27;écriture" in response.content.decode()
    assert not Ticket.objects.exists()


def test_arabic_text_with_its_direction_marks_is_accepted(
    login, cast, calendar, mail_category, normal
):
    client = login(cast.dsi_health)
    title = "Messagerie \u200fالبريد\u200f en panne"
    response = client.post("/helpdesk/new/", _ticket_form(mail_category, normal, title=title))
    assert response.status_code == 302
    assert Ticket.objects.get().title == title


def test_a_meeting_title_and_a_persons_name_refuse_direction_controls(login, cast):
    client = login(cast.secretariat)
    response = client.post(
        "/meetings/new/",
        {
            "title": f"Rencontre {RLO}2202",
            "kind": "ordinary",
            "starts_at": "2022-04-21T09:00",
            "ends_at": "2022-04-21T13:00",
            "venue": "Salle",
            "chair_name": "Le Ministre",
        },
    )
    assert response.status_code == 200
    assert "inverse le sens" in response.content.decode()
    assert not Meeting.objects.filter(title__startswith="Rencontre").exists()

    profile = login(cast.dsi_health).post(
        "/accounts/profile/",
        {"first_name": f"Aïcha{RLO}", "last_name": "Kaboré", "job_title": "", "phone": ""},
    )
    assert "inverse le sens" in profile.content.decode()
    cast.dsi_health.refresh_from_db()
    assert RLO not in cast.dsi_health.first_name
