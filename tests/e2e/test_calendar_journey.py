"""The month calendar on a phone: an agenda of the month's days with meetings, not a grid that
loses Thursday to Sunday (issue 17). The month is fixed by the URL, whatever today is."""

from playwright.sync_api import expect

from meetings.models import Meeting
from meetings.services import invitations_send
from tests.conftest import at


def test_a_dsi_reads_a_sunday_meeting_in_the_phones_agenda(journey, cast):
    sunday = Meeting.objects.create(
        title="Atelier de validation du schéma directeur",
        starts_at=at(2022, 4, 3, 15, 30),
        ends_at=at(2022, 4, 3, 17),
        venue="Salle de conférence du MTDPCE",
        created_by=cast.secretariat,
    )
    invitations_send(actor=cast.secretariat, meeting=sunday, structures=[cast.health])
    page, audit = journey(cast.dsi_health)

    page.goto("/meetings/calendar/?month=2022-04")
    audit.check()
    agenda = page.get_by_test_id("calendar-agenda")
    expect(agenda.get_by_role("heading", name="Réunions du mois")).to_be_visible()
    day = agenda.locator("li", has_text="dimanche 3 avril 2022")
    expect(day.get_by_role("heading", name="dimanche 3 avril 2022")).to_be_visible()
    expect(day.locator("time[datetime='2022-04-03']")).to_be_visible()
    expect(day.locator("time", has_text="15:30")).to_be_visible()
    expect(day.get_by_role("link", name=sunday.title)).to_be_visible()
    expect(day).to_contain_text("Salle de conférence du MTDPCE")
    # The grid is for wider screens: hidden here, it cannot widen the page.
    expect(page.get_by_test_id("calendar")).to_be_hidden()

    # The month navigation is the same; a month without meetings says so.
    page.get_by_role("link", name="Mois suivant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("mai 2022")
    expect(page.get_by_test_id("calendar-agenda")).to_contain_text("Aucune réunion ce mois-ci.")
    audit.check()
    page.get_by_role("link", name="Mois précédent").click()
    expect(page.get_by_test_id("calendar-agenda")).to_contain_text(sunday.title)
    audit.check()
    page.get_by_test_id("calendar-agenda").get_by_role("link", name=sunday.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(sunday.title)
    audit.check()
    page.go_back()
    expect(page.get_by_test_id("calendar-agenda")).to_contain_text(sunday.title)
    audit.check()
    audit.finish("dsi-calendar", show=page.get_by_test_id("calendar-agenda"))
