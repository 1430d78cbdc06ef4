"""What apps built on top of meetings add to its pages and PDFs, without meetings importing them.

STYLE.md's layers point one way (recommendations → meetings), yet a session's minutes list the
recommendations it adopted, and its follow-up agenda item links to the implementation report.
The higher app registers a provider here from its AppConfig.ready(); meetings only calls them.
"""

from dataclasses import dataclass, field


@dataclass
class Section:
    """A block shown on a meeting's page and in its minutes PDF."""

    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)


_section_providers = []
_report_url_providers = []
_reminder_section_providers = []


def register_section(provider):
    """``provider(meeting) -> Section | None``, called once per page or PDF (one query at most)."""
    _section_providers.append(provider)
    return provider


def sections_for(meeting):
    return [section for provider in _section_providers if (section := provider(meeting))]


def register_report_url(provider):
    """``provider(meeting) -> str``: the implementation report of a reviewed session."""
    _report_url_providers.append(provider)
    return provider


def report_url_for(meeting):
    if meeting is None:
        return ""
    return next((url for provider in _report_url_providers if (url := provider(meeting))), "")


def register_reminder_section(provider):
    """``provider(meeting, user) -> Section | None``: a block added to one invitee's reminder
    e-mail (``template`` names ``<template>.txt`` and ``<template>.html``)."""
    _reminder_section_providers.append(provider)
    return provider


def reminder_sections_for(meeting, user):
    return [
        section for provider in _reminder_section_providers if (section := provider(meeting, user))
    ]
