import datetime

from django.db import migrations, models


class Migration(migrations.Migration):
    """A working period may end at 00:00, midnight: night shifts and round-the-clock days."""

    dependencies = [("helpdesk", "0002_reference_data")]

    operations = [
        migrations.RemoveConstraint(
            model_name="workingperiod",
            name="helpdesk_period_ends_after_start",
        ),
        migrations.AlterField(
            model_name="workingperiod",
            name="ends",
            field=models.TimeField(
                help_text="00:00 signifie minuit, la fin de la journée.", verbose_name="fin"
            ),
        ),
        migrations.AddConstraint(
            model_name="workingperiod",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ends__gt", models.F("starts")),
                    ("ends", datetime.time(0, 0)),
                    _connector="OR",
                ),
                name="helpdesk_period_ends_after_start",
                violation_error_message=(
                    "La fin de la plage doit suivre son début (00:00 pour minuit)."
                ),
            ),
        ),
    ]
