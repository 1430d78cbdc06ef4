"""Sending the portal's e-mails: one French text body and one HTML body per message."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(*, to, template, context, language=None):
    """Render ``<template>_subject.txt``, ``.txt`` and ``.html`` and send one message.

    Templates escape user text in the HTML body (Django's autoescape); the text body and the
    subject are plain text. The language defaults to the portal's (French).
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=list(to))
    message.attach_alternative(html, "text/html")
    message.send()
    return message
