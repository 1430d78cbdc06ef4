"""Words compared without accents nor case (core.search.text_folded), in Python and in SQL
(``Folded``) on both databases: what the helpdesk's search fallback relies on."""

from django.db.models.lookups import Contains

from accounts.models import Structure
from core.search import Folded, text_folded


def test_text_folded_drops_accents_and_case():
    assert text_folded("Échec") == text_folded("ÉCHEC") == text_folded("echec") == "echec"
    assert text_folded("Œuvre, Kaboré, Aïcha") == "oeuvre, kabore, aicha"
    assert text_folded(None) is None


def test_a_folded_column_matches_a_folded_word(cast):
    found = Structure.objects.filter(Contains(Folded("name"), text_folded("EDUCATION")))
    assert list(found) == [cast.education]
