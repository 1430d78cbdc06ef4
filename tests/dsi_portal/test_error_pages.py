from django.template.loader import render_to_string


def test_a_missing_page_answers_a_french_404_in_the_portal_layout(login, cast):
    response = login(cast.dsi_health).get("/nulle-part/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page
    assert 'data-testid="main-nav"' in page


def test_the_500_page_renders_without_a_request():
    page = render_to_string("500.html")
    assert "Une erreur est survenue" in page
    assert "bootstrap.min.css" in page


def test_the_500_page_is_marked_in_the_current_language():
    from django.utils import translation

    with translation.override("en"):
        assert '<html lang="en">' in render_to_string("500.html")
    assert '<html lang="fr">' in render_to_string("500.html")


def test_the_403_page_is_in_french(rf, cast):
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = cast.dsi_health
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_an_expired_form_explains_what_to_do(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "x@y.bf", "password": "z"}
    )
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()
