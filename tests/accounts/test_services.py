from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from accounts import services
from accounts.services import user_unlock, user_update_profile


def test_nobody_edits_another_user_s_profile(cast):
    with pytest.raises(PermissionDenied):
        user_update_profile(
            actor=cast.secretariat,
            user=cast.dsi_health,
            first_name="Aïcha",
            last_name="Kaboré",
            job_title="Pirate",
            phone="",
        )
    cast.dsi_health.refresh_from_db()
    assert cast.dsi_health.job_title == ""


@pytest.mark.django_db(transaction=True)
def test_unlocking_runs_in_one_transaction(cast):
    seen = []
    assert not connection.in_atomic_block
    with mock.patch.object(
        services, "axes_reset", side_effect=lambda **kw: seen.append(connection.in_atomic_block)
    ):
        user_unlock(user=cast.dsi_health)
    assert seen == [True]
