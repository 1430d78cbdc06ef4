"""The portal's URLs plus one page that fails, for the server-error tests."""

from django.urls import path

from dsi_portal.urls import handler500, urlpatterns  # noqa: F401


def broken(request):
    raise ZeroDivisionError("<b>division</b> par zéro")


def broken_after_writing(request):
    """Writes, then fails: none of it may be kept."""
    from django.utils import timezone

    from core.models import Heartbeat

    Heartbeat.objects.create(name="moitie", beat_at=timezone.now())
    raise ZeroDivisionError("après une écriture")


def broken_query(request):
    """A database error outside any savepoint: the transaction is aborted (PostgreSQL)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM table_qui_n_existe_pas")


urlpatterns = [
    *urlpatterns,
    path("en-panne/", broken),
    path("en-panne/apres-ecriture/", broken_after_writing),
    path("en-panne/requete/", broken_query),
]
