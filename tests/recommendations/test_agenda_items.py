"""The new recommendation's agenda item is one of its session's: the form refuses another
session's (with or without JavaScript), each option names its session for the script, and the
form opened from a session's page offers that session's items only."""

import pytest

from meetings.models import AgendaItem
from recommendations.models import Recommendation


@pytest.fixture
def items(january_session, april_session):
    return {
        "messagerie": AgendaItem.objects.create(
            meeting=january_session, position=1, title="Messagerie professionnelle"
        ),
        "helpdesk": AgendaItem.objects.create(
            meeting=april_session, position=1, title="Présentation du Helpdesk"
        ),
    }


def form_data(session, item, themes, cast):
    return {
        "meeting": session.pk,
        "agenda_item": item.pk,
        "text": "Généraliser la messagerie professionnelle",
        "theme": themes["Messagerie professionnelle"].pk,
        "lead_structure": cast.health.pk,
        "priority": "medium",
        "status": "not_started",
        "progress": "0",
    }


def test_an_agenda_item_of_another_session_is_refused_in_french(
    login, cast, themes, january_session, items
):
    data = form_data(january_session, items["helpdesk"], themes, cast)
    response = login(cast.secretariat).post("/recommendations/new/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors["agenda_item"]
    assert errors == [
        "Ce point appartient à une autre session (« 2ème rencontre 2022 entre le MTDPCE et les "
        "DSI ») : choisissez un point de la session de la recommandation."
    ]
    assert not Recommendation.objects.exists()


def test_an_agenda_item_of_the_chosen_session_is_accepted(
    login, cast, themes, january_session, items
):
    data = form_data(january_session, items["messagerie"], themes, cast)
    response = login(cast.secretariat).post("/recommendations/new/", data)
    assert response.status_code == 302
    assert Recommendation.objects.get().agenda_item == items["messagerie"]


def test_each_option_names_its_session_for_the_script(login, cast, january_session, items):
    page = login(cast.secretariat).get("/recommendations/new/").content.decode()
    assert 'data-session-field="id_meeting"' in page
    assert f'value="{items["messagerie"].pk}" data-meeting="{january_session.pk}"' in page
    assert f'data-meeting="{items["helpdesk"].meeting_id}"' in page
    assert "/static/js/agenda_items.js" in page


def test_opened_from_a_session_the_form_offers_its_items_only(login, cast, january_session, items):
    form = (
        login(cast.secretariat)
        .get(f"/recommendations/new/?meeting={january_session.pk}")
        .context["form"]
    )
    assert form.initial["meeting"] == january_session.pk
    assert list(form.fields["agenda_item"].queryset) == [items["messagerie"]]


@pytest.mark.parametrize("asked", ["abc", "999999", str(2**70)])
def test_an_unknown_session_in_the_address_fixes_nothing(login, cast, items, asked):
    form = login(cast.secretariat).get(f"/recommendations/new/?meeting={asked}").context["form"]
    assert "meeting" not in form.initial
    assert set(items.values()) <= set(form.fields["agenda_item"].queryset)


def test_editing_offers_the_recommendations_session_items_only(
    login, cast, make_recommendation, items
):
    recommendation = make_recommendation()
    form = login(cast.secretariat).get(f"/recommendations/{recommendation.pk}/edit/")
    assert list(form.context["form"].fields["agenda_item"].queryset) == [items["messagerie"]]


def test_the_session_page_links_the_secretariat_to_the_form_with_the_session_fixed(
    login, cast, january_session
):
    link = f"/recommendations/new/?meeting={january_session.pk}"
    page = login(cast.secretariat).get(f"/meetings/{january_session.pk}/").content.decode()
    assert link in page
    assert "Aucune recommandation enregistrée pour cette session." in page
    january_session.invitations.create(invitee=cast.dsi_health, structure=cast.health)
    page = login(cast.dsi_health).get(f"/meetings/{january_session.pk}/").content.decode()
    assert link not in page
