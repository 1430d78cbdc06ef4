"""The public holidays of Burkina Faso for 2028–2030 that follow the civil or the Easter
calendar. The Muslim holidays (Aïd el-Fitr, Aïd el-Kébir, Maouloud) follow the moon: the
Secretariat adds them in the admin when the government announces their dates."""

from datetime import date, timedelta

from django.db import migrations

# The same days as in 0002_reference_data, copied: a migration must not change with the code.
FIXED = [
    (1, 1, "Jour de l'an"),
    (1, 3, "Anniversaire du soulèvement populaire du 3 janvier 1966"),
    (3, 8, "Journée internationale de la femme"),
    (5, 1, "Fête du travail"),
    (8, 5, "Fête de l'indépendance"),
    (8, 15, "Assomption"),
    (11, 1, "Toussaint"),
    (12, 11, "Proclamation de la République"),
    (12, 25, "Noël"),
]
YEARS = range(2028, 2031)


def easter(year):
    """Gregorian Easter Sunday (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def holidays():
    for year in YEARS:
        for month, day, name in FIXED:
            yield date(year, month, day), name
        yield easter(year) + timedelta(days=1), "Lundi de Pâques"
        yield easter(year) + timedelta(days=39), "Ascension"


def create(apps, schema_editor):
    Holiday = apps.get_model("helpdesk", "Holiday")
    for day, name in holidays():
        Holiday.objects.get_or_create(date=day, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0006_pause_the_clock_of_resolved_tickets")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
