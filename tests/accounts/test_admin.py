def test_a_dsi_is_sent_to_the_login_at_the_admin(login, cast):
    response = login(cast.dsi_health).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_admin_lists_structures_with_search_and_filters(login, cast):
    client = login(cast.admin)
    response = client.get("/admin/accounts/structure/", {"q": "Santé"})
    assert response.status_code == 200
    assert "Ministère de la Santé" in response.content.decode()
    assert "Ministère de l&#x27;Éducation nationale" not in response.content.decode()
    response = client.get("/admin/accounts/structure/", {"kind__exact": "agency"})
    assert "Agence nationale de promotion des TIC" in response.content.decode()


def test_the_admin_searches_users_by_structure(login, cast):
    client = login(cast.admin)
    response = client.get("/admin/accounts/user/", {"q": "MENA"})
    assert response.status_code == 200
    assert "boubacar.ilboudo@education.gov.bf" in response.content.decode()
    assert "aicha.kabore@sante.gov.bf" not in response.content.decode()


def test_the_admin_creates_a_user_with_an_email(login, cast):
    from accounts.models import User

    client = login(cast.admin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Nouveau.DSI@Finances.gov.bf",
            "first_name": "Paul",
            "last_name": "Yaméogo",
            "structure": cast.health.pk,
            "usable_password": "true",
            "password1": "un-mot-de-passe-solide-2022",
            "password2": "un-mot-de-passe-solide-2022",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.filter(email="nouveau.dsi@finances.gov.bf").exists()
