import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """A category's default assignee and team are chosen among the ANPTIC agents."""

    dependencies = [
        ("helpdesk", "0003_working_periods_may_end_at_midnight"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="category",
            name="default_assignee",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"groups__name": "Agent ANPTIC"},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="agent par défaut",
            ),
        ),
        migrations.AlterField(
            model_name="category",
            name="team",
            field=models.ManyToManyField(
                blank=True,
                help_text=(
                    "Les agents prévenus des nouvelles demandes s'il n'y a pas d'agent par "
                    "défaut."
                ),
                limit_choices_to={"groups__name": "Agent ANPTIC"},
                related_name="helpdesk_categories",
                to=settings.AUTH_USER_MODEL,
                verbose_name="équipe",
            ),
        ),
    ]
