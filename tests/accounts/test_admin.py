import pytest

from tests.conftest import PASSWORD


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


def new_user_data(structure, **extra):
    return {
        "email": "awa.traore@finances.gov.bf",
        "first_name": "Awa",
        "last_name": "Traoré",
        "structure": structure.pk,
        "usable_password": "true",
        "password1": "un-mot-de-passe-solide-2022",
        "password2": "un-mot-de-passe-solide-2022",
        **extra,
    }


def change_data(user, **extra):
    """What the user change page posts back for ``user``, with ``extra`` on top."""
    joined = user.date_joined.astimezone()
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "job_title": user.job_title,
        "phone": user.phone,
        "structure": user.structure_id,
        "is_active": "on",
        "date_joined_0": joined.strftime("%d/%m/%Y"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        **extra,
    }


def test_the_secretariat_creates_a_structure(login, cast):
    from accounts.models import Structure

    response = login(cast.secretariat).post(
        "/admin/accounts/structure/add/",
        {"name": "Ministère des Finances", "acronym": "MEF", "kind": "ministry", "is_active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Structure.objects.filter(acronym="MEF").exists()


def test_the_secretariat_renames_a_structure(login, cast):
    response = login(cast.secretariat).post(
        f"/admin/accounts/structure/{cast.health.pk}/change/",
        {
            "name": "Ministère de la Santé et de l'Hygiène publique",
            "acronym": "MSHP",
            "kind": "ministry",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cast.health.refresh_from_db()
    assert cast.health.acronym == "MSHP"


def test_the_secretariat_creates_a_user_but_grants_no_rights(login, cast):
    from django.contrib.auth.models import Group

    from accounts.models import User
    from accounts.roles import Role

    secretariat_group = Group.objects.get(name=Role.SECRETARIAT.value)
    response = login(cast.secretariat).post(
        "/admin/accounts/user/add/",
        new_user_data(cast.health, is_superuser="on", is_staff="on", groups=[secretariat_group.pk]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(email="awa.traore@finances.gov.bf")
    assert not created.is_superuser
    assert not created.is_staff
    assert not created.groups.exists()


def test_the_add_form_offers_the_secretariat_no_rights_to_grant(login, cast):
    fields = login(cast.secretariat).get("/admin/accounts/user/add/").context["adminform"].form
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(fields.fields)


def test_the_secretariat_edits_a_user_but_cannot_grant_rights(login, cast):
    from django.contrib.auth.models import Group

    from accounts.roles import Role

    secretariat_group = Group.objects.get(name=Role.SECRETARIAT.value)
    response = login(cast.secretariat).post(
        f"/admin/accounts/user/{cast.dsi_health.pk}/change/",
        change_data(
            cast.dsi_health,
            job_title="Directrice des systèmes d'information",
            is_superuser="on",
            is_staff="on",
            groups=[secretariat_group.pk],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cast.dsi_health.refresh_from_db()
    assert cast.dsi_health.job_title == "Directrice des systèmes d'information"
    assert not cast.dsi_health.is_superuser
    assert not cast.dsi_health.is_staff
    assert cast.dsi_health.role == Role.DSI


def test_the_secretariat_cannot_make_herself_superuser(login, cast):
    response = login(cast.secretariat).post(
        f"/admin/accounts/user/{cast.secretariat.pk}/change/",
        change_data(cast.secretariat, is_staff="on", is_superuser="on"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cast.secretariat.refresh_from_db()
    assert not cast.secretariat.is_superuser


def test_the_secretariat_cannot_take_over_a_superuser_account(login, cast):
    client = login(cast.secretariat)
    assert client.get(f"/admin/accounts/user/{cast.admin.pk}/password/").status_code == 403
    response = client.post(
        f"/admin/accounts/user/{cast.admin.pk}/change/",
        change_data(cast.admin, email="fatimata.diallo+admin@mtdpce.gov.bf"),
    )
    assert response.status_code == 403
    cast.admin.refresh_from_db()
    assert cast.admin.email == "nadia.some@mtdpce.gov.bf"


def test_a_superuser_still_grants_rights(login, cast):
    response = login(cast.admin).post(
        f"/admin/accounts/user/{cast.dsi_health.pk}/change/",
        change_data(cast.dsi_health, is_staff="on"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cast.dsi_health.refresh_from_db()
    assert cast.dsi_health.is_staff


def test_the_user_list_shows_roles_in_the_reader_s_language(login, cast, settings):
    client = login(cast.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/admin/accounts/user/", {"q": "fatimata"}).content.decode()
    assert '<td class="field-role_list">Secretariat</td>' in page


@pytest.mark.parametrize("member", ["agent", "secretary_general"])
def test_the_secretariat_cannot_take_over_an_agent_or_the_secretary_general(login, cast, member):
    target = getattr(cast, member)
    client = login(cast.secretariat)
    assert client.get(f"/admin/accounts/user/{target.pk}/password/").status_code == 403
    response = client.post(
        f"/admin/accounts/user/{target.pk}/password/",
        {"password1": "Nouveau-mot-2026!", "password2": "Nouveau-mot-2026!"},
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


def test_the_secretariat_still_manages_a_dsi_account(login, cast):
    response = login(cast.secretariat).post(
        f"/admin/accounts/user/{cast.dsi_health.pk}/change/",
        change_data(cast.dsi_health, job_title="DSI adjointe"),
    )
    assert response.status_code == 302
    cast.dsi_health.refresh_from_db()
    assert cast.dsi_health.job_title == "DSI adjointe"
