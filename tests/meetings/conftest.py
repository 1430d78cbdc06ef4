from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from meetings.models import Meeting

OUAGA = ZoneInfo("Africa/Ouagadougou")


def at(year, month, day, hour=9, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=OUAGA)


@pytest.fixture
def january_session(cast):
    """The January 2022 session, chaired by the Minister."""
    return Meeting.objects.create(
        title="1ère rencontre 2022 entre le MTDPCE et les DSI",
        starts_at=at(2022, 1, 20, 9),
        ends_at=at(2022, 1, 20, 13),
        venue="Salle de conférence du MTDPCE",
        chair_name="Le Ministre",
        status=Meeting.Status.HELD,
        created_by=cast.secretariat,
    )


@pytest.fixture
def april_session(cast, january_session):
    """The 21 April 2022 session, which follows the January one up."""
    from meetings.services import meeting_create

    return meeting_create(
        actor=cast.secretariat,
        title="2ème rencontre 2022 entre le MTDPCE et les DSI",
        starts_at=at(2022, 4, 21, 9),
        ends_at=at(2022, 4, 21, 13),
        venue="Salle de conférence du Ministère des Affaires étrangères",
        chair_name="Le Ministre",
        moderator=cast.secretary_general,
        follows_up=january_session,
    )
