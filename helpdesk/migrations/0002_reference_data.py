"""Categories, priorities, the working calendar and the public holidays of Burkina Faso.

All of it is editable in the admin. The Muslim holidays follow the moon: the dates below are the
expected ones and the Secretariat corrects them when they are announced.
"""

from datetime import date, time, timedelta

from django.db import migrations

CATEGORIES = [
    ("Messagerie professionnelle", "Boîtes, listes de diffusion, accès webmail."),
    ("Serveur de fichiers", "Partages, droits d'accès, restauration de fichiers."),
    ("e-Conseil des Ministres", "Accès à la plateforme, transmission des dossiers."),
    ("Circuit intégré des missions", "Ordres de mission, validations, états de frais."),
    ("Réseau et Internet", "Connexion au réseau de l'administration (RESINA), débit, coupures."),
    ("Comptes et accès", "Création, blocage et réinitialisation des comptes."),
]
PRIORITIES = [("Critique", 1, 1, 4), ("Haute", 2, 2, 8), ("Normale", 3, 4, 24), ("Basse", 4, 8, 40)]
# Monday to Friday, 7:30–12:30 and 13:00–16:00.
PERIODS = [(day, time(7, 30), time(12, 30)) for day in range(5)] + [
    (day, time(13, 0), time(16, 0)) for day in range(5)
]
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
MOON = [
    (date(2022, 5, 2), "Aïd el-Fitr (Ramadan)"),
    (date(2022, 7, 9), "Aïd el-Kébir (Tabaski)"),
    (date(2022, 10, 8), "Maouloud"),
    (date(2023, 4, 21), "Aïd el-Fitr (Ramadan)"),
    (date(2023, 6, 28), "Aïd el-Kébir (Tabaski)"),
    (date(2023, 9, 27), "Maouloud"),
    (date(2024, 4, 10), "Aïd el-Fitr (Ramadan)"),
    (date(2024, 6, 16), "Aïd el-Kébir (Tabaski)"),
    (date(2024, 9, 15), "Maouloud"),
    (date(2025, 3, 30), "Aïd el-Fitr (Ramadan)"),
    (date(2025, 6, 6), "Aïd el-Kébir (Tabaski)"),
    (date(2025, 9, 4), "Maouloud"),
    (date(2026, 3, 20), "Aïd el-Fitr (Ramadan)"),
    (date(2026, 5, 27), "Aïd el-Kébir (Tabaski)"),
    (date(2026, 8, 26), "Maouloud"),
    (date(2027, 3, 10), "Aïd el-Fitr (Ramadan)"),
    (date(2027, 5, 16), "Aïd el-Kébir (Tabaski)"),
    (date(2027, 8, 15), "Maouloud"),
]
YEARS = range(2022, 2028)


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
    yield from MOON


def create(apps, schema_editor):
    Category = apps.get_model("helpdesk", "Category")
    Priority = apps.get_model("helpdesk", "Priority")
    WorkingPeriod = apps.get_model("helpdesk", "WorkingPeriod")
    Holiday = apps.get_model("helpdesk", "Holiday")
    for name, description in CATEGORIES:
        Category.objects.get_or_create(name=name, defaults={"description": description})
    for name, rank, response, resolution in PRIORITIES:
        Priority.objects.get_or_create(
            name=name,
            defaults={"rank": rank, "response_hours": response, "resolution_hours": resolution},
        )
    if not WorkingPeriod.objects.exists():
        WorkingPeriod.objects.bulk_create(
            WorkingPeriod(weekday=day, starts=start, ends=end) for day, start, end in PERIODS
        )
    for day, name in holidays():
        Holiday.objects.get_or_create(date=day, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0001_categories_priorities_calendar_tickets_messages")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
