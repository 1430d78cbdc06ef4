# The helpdesk fixtures (calendar, mail_category, normal, make_ticket) live in tests/conftest.py.
