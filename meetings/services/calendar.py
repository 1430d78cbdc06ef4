from django.db import transaction

from ..models import CalendarFeed, new_feed_token


@transaction.atomic
def calendar_feed_get_or_create(*, actor):
    """The actor's personal feed, created with a new secret address on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=actor)
    return feed


@transaction.atomic
def calendar_feed_rotate(*, actor):
    """Revoke the current address of the actor's feed and give it a new secret one."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(user=actor)
    feed.token = new_feed_token()
    feed.save(update_fields=["token", "created_at"])
    return feed
