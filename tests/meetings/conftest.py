# The sessions of 2022 (january_session, april_session) and ``at`` live in tests/conftest.py,
# shared with the recommendations tests.
from tests.conftest import at

__all__ = ["at"]
