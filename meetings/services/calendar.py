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


def calendar_feed_rotate_if_any(*, user):
    """A new password revokes the feed's secret address too: whoever could read the old one (a
    shared computer, a leaked link) must not keep following the user's meetings. A user without
    a feed gets none."""
    return CalendarFeed.objects.filter(user=user).update(token=new_feed_token())
