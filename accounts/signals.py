"""Signals of the accounts app that other apps listen to."""

from django.dispatch import Signal

# Sent after a user's new password is saved (a change, a reset, the admin), with ``user``. What
# a password protects beyond the session (a personal calendar feed's secret address) is renewed.
password_changed = Signal()
