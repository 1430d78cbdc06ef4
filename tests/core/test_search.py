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
    assert search.shortened
    assert "Votre recherche a été raccourcie aux 10 premiers mots" in search.notice
    assert "200 caractères au plus" in search.notice


def test_exactly_the_largest_search_is_not_cut():
    search = search_text_normalise(" ".join(["mot"] * MAX_WORDS))
    assert not search.shortened


def test_long_words_are_cut_at_a_word_boundary_under_the_character_cap():
    words = ["a" * 60, "b" * 60, "c" * 60, "d" * 60]
    search = search_text_normalise(" ".join(words))
    assert search.text == " ".join(words[:3])
    assert len(search.text) <= MAX_CHARACTERS
    assert search.shortened


def test_a_single_word_of_100_kilobytes_is_cut_at_the_cap():
    search = search_text_normalise("x" * 100_000)
    assert search.text == "x" * MAX_CHARACTERS
    assert search.shortened


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x07", "\x1b", "\x7f"])
def test_control_characters_count_as_spaces_and_the_page_says_they_were_ignored(control):
    search = search_text_normalise(f"{control}webmail{control}inaccessible{control}")
    assert search.text == "webmail inaccessible"
    assert not search.shortened
    assert search.controls_ignored
    assert "caractères invisibles" in search.notice
    assert "raccourcie" not in search.notice


@pytest.mark.parametrize("space", ["\t", "\n", "\r\n", "\x85"])
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
