import datetime

from django.db import migrations, models


class Migration(migrations.Migration):
    """The working time a ticket's SLA clock has been stopped, so that a new priority's due
    times can be computed again from the ticket's creation."""

    dependencies = [("helpdesk", "0004_categories_route_to_agents_only")]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="paused_working_time",
            field=models.DurationField(
                default=datetime.timedelta(0),
                editable=False,
                verbose_name="temps suspendu (heures ouvrées)",
            ),
        ),
    ]
