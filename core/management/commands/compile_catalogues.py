from django.conf import settings
from django.core.management.base import BaseCommand

from core.catalogues import catalogue_sources, compiled_bytes, fill_source_plurals


class Command(BaseCommand):
    help = "Compile les catalogues de traduction (.po vers .mo) sans les outils gettext."

    def handle(self, *args, **options):
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in catalogue_sources(locale_dir):
                if po_path.parts[-3] == settings.LANGUAGE_CODE:
                    fill_source_plurals(po_path)
                mo_path = po_path.with_suffix(".mo")
                mo_path.write_bytes(compiled_bytes(po_path))
                self.stdout.write(f"{mo_path}")
