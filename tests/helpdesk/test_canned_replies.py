"""/helpdesk/canned/: the helpdesk supervisors keep the canned replies in the portal (issue 16).

Karim (ANPTIC agent) is made a supervisor where a story needs one; an agent who is not, and
every other role, gets a 404.
"""

import pytest

from accounts.models import User
from helpdesk.models import CannedReply
from helpdesk.permissions import can_manage_canned_replies


@pytest.fixture
def supervisor(cast):
    cast.agent.is_helpdesk_supervisor = True
    cast.agent.save(update_fields=["is_helpdesk_supervisor"])
    return cast.agent


@pytest.fixture
def unlocked(db):
    return CannedReply.objects.create(
        title="Compte débloqué", body="Votre compte est débloqué : reconnectez-vous."
    )


def test_a_supervisor_creates_a_canned_reply_agents_are_offered(
    login, supervisor, cast, make_ticket
):
    client = login(supervisor)
    assert client.get("/helpdesk/canned/new/").status_code == 200
    response = client.post(
        "/helpdesk/canned/new/",
        {
            "title": "Mot de passe réinitialisé",
            "body": "Un lien vous a été envoyé.",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/helpdesk/canned/"
    reply = CannedReply.objects.get()
    assert (reply.title, reply.body, reply.is_active) == (
        "Mot de passe réinitialisé",
        "Un lien vous a été envoyé.",
        True,
    )
    assert "Mot de passe réinitialisé" in client.get("/helpdesk/canned/").content.decode()
    ticket = make_ticket()
    form = client.get(f"/helpdesk/{ticket.reference}/").context["reply_form"]
    assert (str(reply.pk), "Mot de passe réinitialisé") in form.fields["canned"].choices


def test_a_supervisor_edits_and_withdraws_a_canned_reply(login, supervisor, unlocked):
    client = login(supervisor)
    page = client.get(f"/helpdesk/canned/{unlocked.pk}/").content.decode()
    assert "Votre compte est débloqué" in page
    response = client.post(
        f"/helpdesk/canned/{unlocked.pk}/",
        {"title": "Compte débloqué", "body": "Reconnectez-vous au webmail."},
    )
    assert response.status_code == 302
    unlocked.refresh_from_db()
    assert (unlocked.body, unlocked.is_active) == ("Reconnectez-vous au webmail.", False)


def test_deleting_asks_for_confirmation_first(login, supervisor, unlocked):
    client = login(supervisor)
    confirm = client.get(f"/helpdesk/canned/{unlocked.pk}/delete/")
    assert confirm.status_code == 200
    assert "Supprimer la réponse type « Compte débloqué » ?" in confirm.content.decode()
    assert CannedReply.objects.exists()
    response = client.post(f"/helpdesk/canned/{unlocked.pk}/delete/")
    assert response.status_code == 302
    assert not CannedReply.objects.exists()


def test_a_title_used_twice_is_refused_on_the_form(login, supervisor, unlocked):
    response = login(supervisor).post(
        "/helpdesk/canned/new/", {"title": "Compte débloqué", "body": "Autre texte."}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["title"]
    assert CannedReply.objects.count() == 1


def test_the_limits_of_core_text_apply(login, supervisor):
    from core.text import TEXT_MAX_CHARS

    response = login(supervisor).post(
        "/helpdesk/canned/new/",
        {"title": "Facture\u202e", "body": "x" * (TEXT_MAX_CHARS + 1)},
    )
    errors = response.context["form"].errors
    assert "title" in errors and "body" in errors
    assert not CannedReply.objects.exists()


def test_an_agent_who_is_not_a_supervisor_and_the_other_roles_get_a_404(login, cast, unlocked):
    for user in (cast.agent, cast.dsi_health, cast.secretariat, cast.secretary_general):
        client = login(user)
        for path in (
            "/helpdesk/canned/",
            "/helpdesk/canned/new/",
            f"/helpdesk/canned/{unlocked.pk}/",
            f"/helpdesk/canned/{unlocked.pk}/delete/",
        ):
            assert client.get(path).status_code == 404, (user, path)
        assert client.post(f"/helpdesk/canned/{unlocked.pk}/delete/").status_code == 404
    assert CannedReply.objects.exists()


def test_the_queue_links_to_the_canned_replies_for_supervisors_only(login, cast, supervisor):
    assert 'href="/helpdesk/canned/"' in login(supervisor).get("/helpdesk/").content.decode()
    other = User.objects.create_user(email="awa.traore@anptic.bf", structure=cast.anptic)
    other.groups.add(*cast.agent.groups.all())
    assert 'href="/helpdesk/canned/"' not in login(other).get("/helpdesk/").content.decode()


def test_who_manages_them_is_who_supervises_the_helpdesk(cast, supervisor):
    """The supervisors of ``User.objects.helpdesk_supervisors()``, and superusers; the flag set
    on a DSI by mistake gives nothing."""
    cast.dsi_health.is_helpdesk_supervisor = True
    cast.dsi_health.save(update_fields=["is_helpdesk_supervisor"])
    supervisors = set(User.objects.helpdesk_supervisors())
    for user in User.objects.all():
        assert can_manage_canned_replies(user) == (user in supervisors or user.is_superuser), user
    assert supervisors == {cast.agent}
