"""The rule every search box of the portal applies to what was typed (core/search.py)."""

import pytest

from core.search import MAX_CHARACTERS, MAX_WORDS, SearchField, search_text_normalise


def test_a_short_search_is_kept_as_typed_spaces_collapsed():
    search = search_text_normalise("  imprimante   réseau ")
    assert search.text == "imprimante réseau"
    assert not search.shortened
    assert search.notice == ""


def test_the_search_keeps_its_first_words_and_says_it_was_cut():
    words = [f"mot{n}" for n in range(5000)]
    search = search_text_normalise(" ".join(words))
    assert search.text == " ".join(words[:MAX_WORDS])
    assert search.words_cut and not search.characters_cut
    assert search.notice == (
        "Votre recherche a été raccourcie à ses 10 premiers mots : précisez-la si les "
        "résultats ne conviennent pas."
    )


def test_exactly_the_largest_search_is_not_cut():
    search = search_text_normalise(" ".join(["mot"] * MAX_WORDS))
    assert not search.shortened


def test_long_words_are_cut_at_a_word_boundary_under_the_character_cap():
    words = ["a" * 60, "b" * 60, "c" * 60, "d" * 60]
    search = search_text_normalise(" ".join(words))
    assert search.text == " ".join(words[:3])
    assert len(search.text) <= MAX_CHARACTERS
    assert search.characters_cut and not search.words_cut
    assert search.notice == (
        "Votre recherche a été raccourcie à 200 caractères : précisez-la si les résultats ne "
        "conviennent pas."
    )


def test_a_single_word_of_100_kilobytes_is_cut_at_the_cap():
    search = search_text_normalise("x" * 100_000)
    assert search.text == "x" * MAX_CHARACTERS
    assert search.shortened


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x07", "\x1b", "\x1c", "\x1f", "\x7f"])
def test_control_characters_count_as_spaces_and_the_page_says_they_were_ignored(control):
    search = search_text_normalise(f"{control}webmail{control}inaccessible{control}")
    assert search.text == "webmail inaccessible"
    assert not search.shortened
    assert search.controls_ignored
    assert "caractères invisibles" in search.notice
    assert "raccourcie" not in search.notice


@pytest.mark.parametrize("space", ["\t", "\n", "\r\n", "\x0b", "\x0c", "\x85"])
def test_tabs_and_line_breaks_of_a_pasted_search_are_plain_spaces(space):
    search = search_text_normalise(f"webmail{space}inaccessible{space}")
    assert search.text == "webmail inaccessible"
    assert search.notice == ""


def test_letters_of_every_script_are_kept():
    assert search_text_normalise("مرحبا Bonjour 你好 Œuvre").text == "مرحبا Bonjour 你好 Œuvre"


def test_nothing_typed_is_an_empty_search():
    assert search_text_normalise(None).text == ""
    assert search_text_normalise("\x00 \x1b").text == ""


def test_the_search_box_accepts_nul_and_shows_what_was_searched():
    field = SearchField(required=False)
    assert field.clean("a\x00b") == "a b"
    assert field.bound_data("x" * 100_000, None) == "x" * MAX_CHARACTERS


@pytest.mark.parametrize("apostrophe", ["'", "\u2019", "\u2018", "\u02bc"])
def test_every_apostrophe_separates_words(apostrophe):
    search = search_text_normalise(f"l{apostrophe}imprimante de l{apostrophe}accueil")
    assert search.text == "l imprimante de l accueil"
    assert search.notice == ""


@pytest.mark.parametrize(
    "typed",
    ["« imprimante réseau »", "«imprimante réseau»", "“imprimante réseau”", '"imprimante réseau"'],
)
def test_french_and_curly_quotes_are_the_quotes_of_a_phrase(typed):
    assert search_text_normalise(f"{typed} panne").text == '"imprimante réseau" panne'


@pytest.mark.parametrize("invisible", ["\ufeff", "\u200b", "\u00ad", "\u200d", "\u2060"])
def test_format_characters_are_removed_without_a_space(invisible):
    search = search_text_normalise(f"{invisible}web{invisible}mail")
    assert search.text == "webmail"
    assert search.notice == ""


def test_words_without_a_letter_or_a_digit_are_dropped():
    assert search_text_normalise("imprimante - réseau ... «» 3e étage").text == (
        "imprimante réseau 3e étage"
    )


def test_a_search_without_a_letter_or_a_digit_is_ignored_and_says_so():
    search = search_text_normalise("- ... «» ?!")
    assert search.text == ""
    assert search.skipped
    assert search.notice == (
        "Votre recherche ne contient ni lettre ni chiffre : elle a été ignorée et toute la "
        "liste est affichée."
    )


def test_dropped_words_do_not_count_towards_the_ten():
    search = search_text_normalise(" - ".join(f"mot{n}" for n in range(MAX_WORDS)))
    assert search.text == " ".join(f"mot{n}" for n in range(MAX_WORDS))
    assert search.notice == ""
