"""Marking an update as reviewed at a session: a validated update, at a session not cancelled,
held at or after the one that adopted the recommendation."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from meetings.models import Meeting
from recommendations.models import Status
from recommendations.services import update_mark_reviewed, update_reject, update_submit
from tests.conftest import at


@pytest.fixture
def validated(cast, make_recommendation):
    return update_submit(
        actor=cast.secretariat,
        recommendation=make_recommendation(),
        status=Status.IN_PROGRESS,
        progress=40,
        comment="La moitié des boîtes",
    )


def test_a_validated_update_is_marked_as_reviewed_at_a_later_session(
    cast, validated, april_session
):
    update_mark_reviewed(actor=cast.secretariat, update=validated, meeting=april_session)
    validated.refresh_from_db()
    assert validated.reviewed_at_meeting == april_session


@pytest.mark.parametrize("state", ["pending", "rejected"])
def test_an_update_not_validated_cannot_be_marked_as_reviewed(
    cast, make_recommendation, april_session, state
):
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=make_recommendation(),
        status=Status.IN_PROGRESS,
        progress=40,
        comment="x",
    )
    if state == "rejected":
        update_reject(actor=cast.secretariat, update=update, reason="Pas de preuve")

    with pytest.raises(ValidationError, match="Seule une mise à jour validée"):
        update_mark_reviewed(actor=cast.secretariat, update=update, meeting=april_session)

    update.refresh_from_db()
    assert update.reviewed_at_meeting is None


def test_a_cancelled_session_reviews_nothing(cast, validated, april_session):
    april_session.status = Meeting.Status.CANCELLED
    april_session.save()

    with pytest.raises(ValidationError, match="Choisissez une session non annulée"):
        update_mark_reviewed(actor=cast.secretariat, update=validated, meeting=april_session)


def test_a_session_before_the_recommendation_reviews_nothing(cast, validated, january_session):
    december = Meeting.objects.create(
        title="4ème rencontre 2021",
        starts_at=at(2021, 12, 9),
        ends_at=at(2021, 12, 9) + timedelta(hours=4),
        status=Meeting.Status.HELD,
        created_by=cast.secretariat,
    )

    with pytest.raises(ValidationError, match="tenue depuis celle qui a adopté"):
        update_mark_reviewed(actor=cast.secretariat, update=validated, meeting=december)
    # The session that adopted it may review it.
    update_mark_reviewed(actor=cast.secretariat, update=validated, meeting=january_session)


def test_the_page_tells_why_a_mark_is_refused(login, cast, validated, april_session):
    april_session.status = Meeting.Status.CANCELLED
    april_session.save()
    client = login(cast.secretariat)

    response = client.post(
        f"/recommendations/updates/{validated.pk}/reviewed/",
        {"meeting": april_session.pk},
        follow=True,
    )

    assert "Choisissez une session non annulée" in response.content.decode()
    validated.refresh_from_db()
    assert validated.reviewed_at_meeting is None


def test_an_update_is_marked_reviewed_only_once(cast, make_recommendation, april_session):
    import pytest
    from django.core.exceptions import ValidationError

    from recommendations.models import Status
    from recommendations.services import update_mark_reviewed, update_submit

    recommendation = make_recommendation()
    update = update_submit(
        actor=cast.secretariat,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=20,
        comment="x",
    )
    update_mark_reviewed(actor=cast.secretariat, update=update, meeting=april_session)
    with pytest.raises(ValidationError, match="déjà marquée comme examinée"):
        update_mark_reviewed(actor=cast.secretariat, update=update, meeting=april_session)
