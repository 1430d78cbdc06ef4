"""A form is sent once: its button disables itself when the form is sent (static/js/forms.js),
so a second click while the server answers sends nothing; the one-time token
(core.submissions) covers the browsers without JavaScript."""

from playwright.sync_api import expect

from tests.e2e.test_helpdesk_journey import open_as


def test_a_second_click_while_the_server_answers_sends_nothing(
    browser, live_server, cast, make_ticket
):
    ticket = make_ticket()
    context, page = open_as(browser, live_server, cast.dsi_health)
    sent = []

    def answer_without_leaving(route):
        # A server that has not answered yet: "204 No Content" keeps the page where it is.
        if route.request.method == "POST":
            sent.append(route.request.post_data)
            route.fulfill(status=204)
        else:
            route.continue_()

    page.route("**/reply/", answer_without_leaving)
    page.goto(f"/helpdesk/{ticket.reference}/")
    page.get_by_label("Message").fill("Toujours bloqué ce matin.")
    button = page.get_by_role("button", name="Envoyer", exact=True)
    button.click()
    expect(button).to_be_disabled()
    button.click(force=True)  # an impatient second click
    page.wait_for_timeout(300)
    assert len(sent) == 1
    assert "Toujours bloqu" in sent[0]
    context.close()
