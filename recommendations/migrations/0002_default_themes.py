"""The themes of the January 2022 session, editable afterwards in the admin."""

from django.db import migrations

THEMES = [
    ("e-Conseil des Ministres", "Dématérialisation du Conseil des ministres."),
    ("Circuit intégré des missions", "Gestion dématérialisée des ordres de mission."),
    ("Messagerie professionnelle", "Messagerie professionnelle de l'administration."),
    ("Serveur de fichiers", "Serveur de fichiers partagé pour la mémoire de l'administration."),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("recommendations", "Theme")
    for name, description in THEMES:
        Theme.objects.get_or_create(name=name, defaults={"description": description})


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0001_themes_recommendations_updates_evidence_audit")]

    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
