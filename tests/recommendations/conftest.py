# The fixtures themes and make_recommendation live in tests/conftest.py, shared with the
# browser journeys.
import pytest

from recommendations.models import Status
from recommendations.services import update_submit

from .helpers import pdf_file


@pytest.fixture
def implement(cast, media):
    """Fatimata (the Secretariat) records, with its proof, that a recommendation is
    implemented: the only way a recommendation becomes implemented."""

    def _implement(recommendation, comment="Mise en œuvre constatée", evidence="preuve.pdf"):
        return update_submit(
            actor=cast.secretariat,
            recommendation=recommendation,
            status=Status.IMPLEMENTED,
            progress=100,
            comment=comment,
            evidence=[pdf_file(evidence)],
        )

    return _implement
