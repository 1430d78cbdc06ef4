def test_a_user_updates_their_contact_details(login, cast):
    client = login(cast.dsi_health)
    response = client.post(
        "/accounts/profile/",
        {
            "first_name": "Aïcha",
            "last_name": "Kaboré",
            "job_title": "Directrice des systèmes d'information",
            "phone": "+226 25 30 00 00",
        },
        follow=True,
    )
    assert "Votre profil a été mis à jour." in response.content.decode()
    cast.dsi_health.refresh_from_db()
    assert cast.dsi_health.phone == "+226 25 30 00 00"


def test_bad_input_is_shown_again_and_nothing_is_saved(login, cast):
    client = login(cast.dsi_health)
    too_long = "9" * 40
    response = client.post(
        "/accounts/profile/",
        {"first_name": "Aïcha", "last_name": "Kaboré", "job_title": "DSI", "phone": too_long},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert too_long in page
    assert "Assurez-vous que cette valeur comporte au plus 30" in page
    cast.dsi_health.refresh_from_db()
    assert cast.dsi_health.job_title == ""
