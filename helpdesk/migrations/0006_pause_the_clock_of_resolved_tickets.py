"""The SLA clock now stops when a ticket is resolved, so that reopening it moves the due times
on by the time it spent resolved. Tickets resolved before this change start their pause at
their resolution."""

from django.db import migrations
from django.db.models import F


def pause(apps, schema_editor):
    Ticket = apps.get_model("helpdesk", "Ticket")
    Ticket.objects.filter(status="resolved", paused_since__isnull=True).update(
        paused_since=F("resolved_at")
    )


def unpause(apps, schema_editor):
    Ticket = apps.get_model("helpdesk", "Ticket")
    Ticket.objects.filter(status="resolved").update(paused_since=None)


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0005_ticket_paused_working_time")]

    operations = [migrations.RunPython(pause, unpause)]
