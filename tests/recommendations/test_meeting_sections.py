from io import BytesIO

from pypdf import PdfReader

from meetings.services import invitations_send, minutes_publish, minutes_save_draft


def test_the_minutes_pdf_lists_the_recommendations_adopted_at_the_session(
    login, cast, make_recommendation, january_session
):
    make_recommendation("Généraliser la messagerie professionnelle")
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[cast.health])
    minutes_save_draft(actor=cast.secretariat, meeting=january_session, body="Texte")
    minutes_publish(actor=cast.secretariat, meeting=january_session)
    response = login(cast.dsi_health).get(f"/meetings/{january_session.pk}/minutes.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    assert "Recommandations adoptées" in text
    assert "R-2022-01-01" in text
    assert "Généraliser la messagerie professionnelle" in text


def test_a_session_without_recommendations_has_no_such_section(login, cast, january_session):
    invitations_send(actor=cast.secretariat, meeting=january_session, structures=[cast.health])
    page = login(cast.dsi_health).get(f"/meetings/{january_session.pk}/").content.decode()
    assert "Recommandations adoptées" not in page
    # The Secretariat finds there the way to record the first one.
    page = login(cast.secretariat).get(f"/meetings/{january_session.pk}/").content.decode()
    assert f"/recommendations/new/?meeting={january_session.pk}" in page


def test_the_follow_up_item_links_to_the_implementation_report(
    login, cast, make_recommendation, january_session, april_session
):
    make_recommendation()
    page = login(cast.secretariat).get(f"/meetings/{april_session.pk}/").content.decode()
    assert f"/recommendations/report/{january_session.pk}.pdf" in page
    january = login(cast.secretariat).get(f"/meetings/{january_session.pk}/").content.decode()
    assert 'data-testid="adopted-recommendations"' in january
    assert f"/recommendations/?meeting={january_session.pk}" in january
