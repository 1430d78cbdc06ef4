# The fixtures themes and make_recommendation live in tests/conftest.py, shared with the
# browser journeys.
