"""The helpdesk statistics read from one covering index (issue 18): the filing date, and the
columns the volumes, the SLA rates, the satisfaction and the medians need, so that a year of
tickets is counted and timed without reading the table. PostgreSQL only: SQLite has no INCLUDE,
and Django creates nothing there."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_text_limits_and_names_without_direction_controls'),
        ('helpdesk', '0014_search_without_accents_on_postgresql'),
        ('recommendations', '0007_change_note'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='ticket',
            index=models.Index(fields=['created_at'], include=('id', 'status', 'merged_into', 'first_response_at', 'response_due_at', 'resolved_at', 'resolution_due_at', 'paused_since', 'paused_working_time', 'satisfaction'), name='helpdesk_ticket_statistics'),
        ),
    ]
