"""Building the portal's e-mails: one French text body and one HTML body per message (the
outbox, core.outbox, sends them)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def build_templated_email(*, to, template, context, language=None, attachments=()):
    """Render ``<template>_subject.txt``, ``.txt`` and ``.html`` into one unsent message.

    Templates escape user text in the HTML body (Django's autoescape); the text body and the
    subject are plain text. The language defaults to the portal's (French). ``attachments``
    are ``(filename, content, mimetype)`` triples.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=list(to))
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


def absolute_url(path):
    """The portal's public address of ``path``, for links sent outside a request."""
    return settings.PORTAL_BASE_URL.rstrip("/") + path
