"""Who sees which meeting, page by page (DESIGN.md: objects outside the scope answer 404)."""

import pytest

from meetings.models import Meeting
from meetings.services import (
    invitations_send,
    minutes_correct,
    minutes_publish,
    minutes_save_draft,
)
from tests.meetings.conftest import at


@pytest.fixture
def private_meeting(cast):
    """A meeting to which only the education ministry is invited."""
    meeting = Meeting.objects.create(title="Réunion restreinte", starts_at=at(2022, 3, 3))
    invitations_send(actor=cast.secretariat, meeting=meeting, structures=[cast.education])
    return meeting


def visible(user):
    return set(Meeting.objects.visible_to(user))


def test_a_dsi_sees_the_meetings_their_structure_is_invited_to(cast, private_meeting):
    assert private_meeting in visible(cast.dsi_education)
    assert private_meeting not in visible(cast.dsi_health)
    assert private_meeting not in visible(cast.agent)


def test_coordination_sees_every_meeting(cast, private_meeting):
    assert private_meeting in visible(cast.secretariat)
    assert private_meeting in visible(cast.secretary_general)
    assert private_meeting in visible(cast.admin)


def test_everyone_sees_a_meeting_whose_minutes_are_published(cast, private_meeting):
    minutes_save_draft(actor=cast.secretariat, meeting=private_meeting, body="Texte")
    assert private_meeting not in visible(cast.dsi_health)
    minutes_publish(actor=cast.secretariat, meeting=private_meeting)
    assert private_meeting in visible(cast.dsi_health)


def test_visible_meetings_are_listed_once_whatever_the_number_of_invitations(cast, private_meeting):
    from tests.conftest import make_user

    make_user("adjoint@education.gov.bf", cast.education, cast.dsi_health.role)
    invitations_send(actor=cast.secretariat, meeting=private_meeting, structures=[cast.education])
    assert list(Meeting.objects.visible_to(cast.dsi_education)) == [private_meeting]


MANAGER_PAGES = [
    "edit/",
    "postpone/",
    "cancel/",
    "agenda/add/",
    "invite/",
    "replies/",
    "attendance/",
    "minutes/edit/",
    "documents/add/",
]


@pytest.mark.parametrize("page", MANAGER_PAGES)
def test_secretariat_pages_answer_404_to_everyone_else(login, cast, private_meeting, page):
    url = f"/meetings/{private_meeting.pk}/{page}"
    assert login(cast.secretariat).get(url).status_code == 200
    for member in (cast.dsi_education, cast.dsi_health, cast.agent, cast.secretary_general):
        assert login(member).get(url).status_code == 404, (member, url)


def test_the_meeting_page_answers_404_outside_the_scope(login, cast, private_meeting):
    url = f"/meetings/{private_meeting.pk}/"
    assert login(cast.dsi_education).get(url).status_code == 200
    assert login(cast.secretary_general).get(url).status_code == 200
    assert login(cast.dsi_health).get(url).status_code == 404


def test_draft_minutes_are_hidden_from_invitees(login, cast, private_meeting):
    minutes_save_draft(actor=cast.secretariat, meeting=private_meeting, body="Projet confidentiel")
    client = login(cast.dsi_education)
    assert (
        "Projet confidentiel" not in client.get(f"/meetings/{private_meeting.pk}/").content.decode()
    )
    assert client.get(f"/meetings/{private_meeting.pk}/minutes/versions/").status_code == 404
    secretariat = login(cast.secretariat)
    page = secretariat.get(f"/meetings/{private_meeting.pk}/").content.decode()
    assert "Projet confidentiel" in page


def test_posts_of_the_secretariat_are_refused_to_a_dsi(login, cast, private_meeting):
    client = login(cast.dsi_education)
    for action in ("duplicate/", "held/", "minutes/publish/", "agenda/reorder/"):
        assert client.post(f"/meetings/{private_meeting.pk}/{action}").status_code == 404
    assert Meeting.objects.count() == 1


@pytest.fixture
def published_private_meeting(cast, private_meeting):
    """The restricted meeting, with a draft, the published version and a later correction."""
    minutes_save_draft(actor=cast.secretariat, meeting=private_meeting, body="Projet confidentiel")
    minutes_save_draft(actor=cast.secretariat, meeting=private_meeting, body="Texte adopté")
    minutes_publish(actor=cast.secretariat, meeting=private_meeting)
    minutes_correct(
        actor=cast.secretariat,
        meeting=private_meeting,
        body="Texte adopté, coquille corrigée",
        reason="Coquille",
    )
    return private_meeting


def test_only_participants_take_part_in_a_meeting(cast, published_private_meeting):
    from meetings.permissions import is_participant

    meeting = Meeting.objects.get(pk=published_private_meeting.pk)
    assert is_participant(cast.dsi_education, meeting)
    assert is_participant(cast.secretary_general, meeting)
    assert not is_participant(cast.dsi_health, meeting)
    assert not is_participant(cast.agent, meeting)


def test_an_uninvited_dsi_reads_published_minutes_but_not_the_rest_of_the_meeting(
    login, cast, published_private_meeting, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from meetings.services import document_upload

    settings.MEDIA_ROOT = tmp_path
    document = document_upload(
        actor=cast.secretariat,
        meeting=published_private_meeting,
        uploaded_file=SimpleUploadedFile("note.pdf", b"%PDF-1.4\n%%EOF\n"),
        title="Note confidentielle",
    )
    url = f"/meetings/{published_private_meeting.pk}/"
    client = login(cast.dsi_health)
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Texte adopté, coquille corrigée" in page
    assert "Note confidentielle" not in page
    assert "Boubacar Ilboudo" not in page
    assert 'data-testid="invitees"' not in page
    assert client.get(f"{url}documents/{document.pk}/").status_code == 404
    assert client.get(f"{url}replies/").status_code == 404
    # The invited DSI still has it all.
    invited = login(cast.dsi_education).get(url).content.decode()
    assert "Note confidentielle" in invited and "Boubacar Ilboudo" in invited


@pytest.mark.parametrize("member", ["dsi_health", "dsi_education", "agent", "secretary_general"])
def test_drafts_written_before_publication_stay_with_the_secretariat(
    login, cast, published_private_meeting, member
):
    client = login(getattr(cast, member))
    versions = client.get(f"/meetings/{published_private_meeting.pk}/minutes/versions/?a=1&b=2")
    assert versions.status_code == 200
    assert [v.number for v in versions.context["versions"]] == [3, 2]
    assert "Projet confidentiel" not in versions.content.decode()
    page = client.get(f"/meetings/{published_private_meeting.pk}/").content.decode()
    assert "Projet confidentiel" not in page
    secretariat = login(cast.secretariat).get(
        f"/meetings/{published_private_meeting.pk}/minutes/versions/?a=1&b=2"
    )
    assert [v.number for v in secretariat.context["versions"]] == [3, 2, 1]
    assert "Projet confidentiel" in secretariat.content.decode()


def test_the_pdf_never_shows_a_version_older_than_the_published_one(login, cast, private_meeting):
    from meetings.selectors import latest_minutes_version

    minutes_save_draft(actor=cast.secretariat, meeting=private_meeting, body="Projet")
    minutes_save_draft(actor=cast.secretariat, meeting=private_meeting, body="Texte adopté")
    minutes_publish(actor=cast.secretariat, meeting=private_meeting)
    meeting = Meeting.objects.select_related("minutes").get(pk=private_meeting.pk)
    assert latest_minutes_version(meeting, viewer=cast.dsi_health).number == 2
    # Even if the newest versions were lost, nothing before the published one is shown.
    meeting.minutes.versions.filter(number=2).delete()
    assert latest_minutes_version(meeting, viewer=cast.dsi_health) is None
    assert latest_minutes_version(meeting, viewer=cast.secretariat).number == 1
    response = login(cast.dsi_health).get(f"/meetings/{private_meeting.pk}/minutes.pdf")
    assert response.status_code == 404


def test_an_invitation_to_one_person_opens_the_meeting_to_that_person_only(
    login, cast, april_session
):
    """The rule (Invitation.objects.for_structure): an invitation to a DSI brings their
    structure, whose other DSIs take part too; an invitation to someone of another role opens
    the meeting to that person only, not to their colleagues."""
    from accounts.roles import Role
    from meetings.permissions import is_participant, situation_respondents
    from tests.conftest import make_user

    colleague = make_user("awa.traore@anptic.bf", cast.anptic, Role.ANPTIC_AGENT)
    anptic_dsi = make_user("paul.zongo@anptic.bf", cast.anptic, Role.DSI)
    invitations_send(actor=cast.secretariat, meeting=april_session, users=[cast.agent])
    page = f"/meetings/{april_session.pk}/"
    assert login(cast.agent).get(page).status_code == 200
    for outsider in (colleague, anptic_dsi):
        assert login(outsider).get(page).status_code == 404, outsider
        assert not Meeting.objects.participated_by(outsider).filter(pk=april_session.pk).exists()
    assert not situation_respondents(april_session).filter(pk=cast.anptic.pk).exists()

    # A DSI invited in person brings the structure: its other DSIs take part, its agents not.
    second_dsi = make_user("marie.ouedraogo@anptic.bf", cast.anptic, Role.DSI)
    invitations_send(actor=cast.secretariat, meeting=april_session, users=[anptic_dsi])
    assert login(second_dsi).get(page).status_code == 200
    assert is_participant(second_dsi, april_session)
    assert login(colleague).get(page).status_code == 404
    assert situation_respondents(april_session).filter(pk=cast.anptic.pk).exists()


def test_a_structure_invited_is_open_to_its_dsis_who_joined_since(login, cast, april_session):
    from accounts.roles import Role
    from tests.conftest import make_user

    invitations_send(actor=cast.secretariat, meeting=april_session, structures=[cast.health])
    newcomer = make_user("issa.kone@sante.gov.bf", cast.health, Role.DSI)
    assert login(newcomer).get(f"/meetings/{april_session.pk}/").status_code == 200
