"""Record which version of the minutes was published, and list undated meetings last."""

from django.db import migrations, models
from django.db.models import Max


def record_published_versions(apps, schema_editor):
    """Minutes published before this field existed: the last version saved before publication
    (or the first one, if every version is a later correction) is the published one."""
    Minutes = apps.get_model("meetings", "Minutes")
    MinutesVersion = apps.get_model("meetings", "MinutesVersion")
    for minutes in Minutes.objects.filter(status__in=["published", "approved"]):
        versions = MinutesVersion.objects.filter(minutes=minutes)
        if minutes.published_at is not None:
            before = versions.filter(created_at__lte=minutes.published_at)
            number = before.aggregate(n=Max("number"))["n"]
        else:
            number = versions.aggregate(n=Max("number"))["n"]
        if number is None:
            number = versions.order_by("number").values_list("number", flat=True).first()
        minutes.published_version = number
        minutes.save(update_fields=["published_version"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_meetings_agenda_invitations_minutes_documents_situations"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="meeting",
            options={
                "ordering": [
                    models.OrderBy(models.F("starts_at"), descending=True, nulls_last=True),
                    "-pk",
                ],
                "verbose_name": "réunion",
                "verbose_name_plural": "réunions",
            },
        ),
        migrations.AddField(
            model_name="minutes",
            name="published_version",
            field=models.PositiveIntegerField(
                blank=True, null=True, verbose_name="version publiée"
            ),
        ),
        migrations.RunPython(record_published_versions, migrations.RunPython.noop),
    ]
