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


# French plural rule: 0 and 1 are singular ("0 mise à jour").
FRENCH_PLURAL_FORMS = "nplurals=2; plural=(n > 1);"


def fill_source_plurals(po_path, plural_forms=FRENCH_PLURAL_FORMS):
    """In the catalogue of the source language, give plural entries their own text.

    The msgids are French, so French needs no translation, except for plurals: without them
    gettext applies the English rule and writes "0 mises à jour". Returns True if it changed.
    """
    import polib

    catalogue = polib.pofile(str(po_path))
    changed = catalogue.metadata.get("Plural-Forms") != plural_forms
    catalogue.metadata["Plural-Forms"] = plural_forms
    for entry in catalogue:
        if entry.msgid_plural and not all(entry.msgstr_plural.values()):
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            changed = True
    if changed:
        catalogue.save()
    return changed
