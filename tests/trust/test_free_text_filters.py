"""Every list's search box accepts any input (issue 13): the directory, the meetings and the
recommendations (the helpdesk's are in tests/helpdesk/test_search_limits.py).

Thousands of words, control characters (NUL included, which PostgreSQL refuses) and 100 kB
answer the list, never a 500 or a form error. The search keeps its first 10 words and at most
200 characters, the page says so, and what those first words find is still found.
"""

from dataclasses import dataclass

import pytest

from meetings.models import Meeting
from tests.conftest import at

WORDS_NOTICE = "Votre recherche a été raccourcie à ses 10 premiers mots"
CHARACTERS_NOTICE = "Votre recherche a été raccourcie à 200 caractères"
CONTROLS_NOTICE = "Des caractères invisibles (caractères de contrôle) de votre recherche"


@dataclass
class Listing:
    """A list, who reads it, a phrase of more than ten words and a word that only the record
    ``found`` holds, and a record ``other`` that neither finds."""

    path: str
    member: str
    phrase: str
    word: str
    found: object
    other: object


def searches(listing):
    """(what is typed, the notice saying which cap cut it if any, and whether the page says
    that control characters were ignored) for each kind of hostile input."""
    words = listing.phrase.split()
    return {
        # The words past the tenth appear nowhere: were they searched, nothing would be found.
        "5000 words": (
            " ".join(words + ["introuvable"] * (5000 - len(words))),
            WORDS_NOTICE,
            False,
        ),
        "control characters": (f"\x00{listing.word}\x01\x1b\x7f\x85", None, True),
        "NUL between 5000 words": (
            "\x00".join(words + ["\x1bintrouvable"] * 4990),
            WORDS_NOTICE,
            True,
        ),
        "100 kB": (f"{listing.word} " + "x" * 100_000, CHARACTERS_NOTICE, False),
    }


@pytest.fixture
def directory(cast):
    cast.dsi_health.job_title = (
        "Directrice des services informatiques du ministère de la santé et de l'hygiène publique"
    )
    cast.dsi_health.save()
    cast.dsi_education.job_title = "Directeur des services informatiques de l'éducation"
    cast.dsi_education.save()
    return Listing(
        "/accounts/directory/",
        "dsi_health",
        cast.dsi_health.job_title,
        "Kaboré",
        cast.dsi_health,
        cast.dsi_education,
    )


@pytest.fixture
def meetings(cast, january_session):
    workshop = Meeting.objects.create(
        title="Atelier de suivi",
        description=(
            "Revue de l'état de mise en œuvre des recommandations de la session de janvier"
        ),
        starts_at=at(2022, 3, 10, 9),
        ends_at=at(2022, 3, 10, 12),
        venue="Salle de réunion de l'ANPTIC",
        created_by=cast.secretariat,
    )
    return Listing(
        "/meetings/",
        "secretariat",
        workshop.description,
        "janvier",
        workshop,
        january_session,
    )


@pytest.fixture
def recommendations(cast, make_recommendation):
    mail = make_recommendation(
        "Généraliser la messagerie professionnelle à toutes les structures de "
        "l'administration centrale et déconcentrée"
    )
    files = make_recommendation("Mettre en place un serveur de fichiers partagé", cast.education)
    return Listing("/recommendations/", "dsi_health", mail.text, "messagerie", mail, files)


LISTINGS = ["directory", "meetings", "recommendations"]
KINDS = ["5000 words", "control characters", "NUL between 5000 words", "100 kB"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", LISTINGS)
def test_any_search_answers_the_list_of_what_its_first_words_find(request, login, cast, name, kind):
    listing = request.getfixturevalue(name)
    typed, cut, controls = searches(listing)[kind]
    response = login(getattr(cast, listing.member)).get(listing.path, {"q": typed})

    assert response.status_code == 200
    page = response.content.decode()
    for notice in (WORDS_NOTICE, CHARACTERS_NOTICE):
        assert (notice in page) is (notice == cut)
    assert (CONTROLS_NOTICE in page) is controls
    listed = {record.pk for record in response.context["page_obj"].object_list}
    assert listing.found.pk in listed
    assert listing.other.pk not in listed


@pytest.mark.parametrize("kind", KINDS)
def test_the_recommendations_export_searches_the_same_first_words(
    login, cast, recommendations, kind
):
    typed, *_ = searches(recommendations)[kind]
    response = login(cast.dsi_health).get("/recommendations/export.csv", {"q": typed})

    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    assert recommendations.found.reference in content
    assert recommendations.other.reference not in content


@pytest.mark.parametrize("name", LISTINGS)
def test_a_search_cut_shows_the_searched_words_in_the_box(request, login, cast, name):
    listing = request.getfixturevalue(name)
    typed, *_ = searches(listing)["5000 words"]
    response = login(getattr(cast, listing.member)).get(listing.path, {"q": typed})

    # Apostrophes separate words: "de l'état" is three words.
    searched = " ".join(listing.phrase.replace("'", " ").split()[:10])
    assert response.context["filter"].form["q"].value() == searched


@pytest.mark.parametrize("name", LISTINGS)
def test_a_search_without_a_letter_or_a_digit_shows_the_whole_list_and_says_so(
    request, login, cast, name
):
    listing = request.getfixturevalue(name)
    client = login(getattr(cast, listing.member))
    response = client.get(listing.path, {"q": "- … «\u200b» ?!"})
    unsearched = client.get(listing.path)

    assert response.status_code == 200
    assert "ni lettre ni chiffre" in response.content.decode()
    listed = [record.pk for record in response.context["page_obj"].object_list]
    assert listing.found.pk in listed
    assert listed == [record.pk for record in unsearched.context["page_obj"].object_list]
