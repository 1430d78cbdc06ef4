"""Compile the gettext catalogues (.po → .mo) in pure Python, with polib.

The compiled .mo files are committed so that a fresh machine without GNU gettext serves the
translations; this module rebuilds them and lets a test check they match their .po sources.
"""

from pathlib import Path


def catalogue_sources(locale_dir):
    """Every django.po under ``locale_dir``, sorted."""
    return sorted(Path(locale_dir).glob("*/LC_MESSAGES/django.po"))


def compiled_bytes(po_path):
    """The .mo content for one .po file; fuzzy entries are left out, as msgfmt does."""
    import polib

    catalogue = polib.pofile(str(po_path))
    for entry in list(catalogue):
        if entry.fuzzy or entry.obsolete:
            catalogue.remove(entry)
    return catalogue.to_binary()
