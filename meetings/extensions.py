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


@dataclass
class ReportLinks:
    """A session's implementation report, in both its formats (always shown together)."""

    pdf: str
    xlsx: str


_section_providers = []
_report_links_providers = []
_reminder_section_providers = []


def register_section(provider):
    """``provider(meeting, viewer) -> Section | None``, called once per page or PDF (a few
    queries at most); ``viewer`` is None in the minutes PDF, which shows no links."""
    _section_providers.append(provider)
    return provider


def sections_for(meeting, viewer=None):
    return [section for provider in _section_providers if (section := provider(meeting, viewer))]


def register_report_links(provider):
    """``provider(meeting, viewer) -> ReportLinks | None``: the implementation report of a
    session, None when the viewer may not open it (a page shows no link its reader cannot
    follow)."""
    _report_links_providers.append(provider)
    return provider


def report_links_for(meeting, viewer):
    if meeting is None:
        return None
    return next(
        (links for provider in _report_links_providers if (links := provider(meeting, viewer))),
        None,
    )


def register_reminder_section(provider):
    """``provider(meeting, user) -> Section | None``: a block added to one invitee's reminder
    e-mail (``template`` names ``<template>.txt`` and ``<template>.html``)."""
    _reminder_section_providers.append(provider)
    return provider


def reminder_sections_for(meeting, user):
    return [
        section for provider in _reminder_section_providers if (section := provider(meeting, user))
    ]
