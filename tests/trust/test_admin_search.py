"""The administration's search boxes accept any input, as the portal's lists do
(core/admin_search.py): thousands of words, NUL and control characters, 100 kB answer the
changelist, never a 500 ("Expression tree is too large" on SQLite, NUL on PostgreSQL), and Nadia
(the administrator) is told that her search was cut or cleaned.

Every admin registered with ``search_fields`` is covered: a new one is tested without a line
added here.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from core.search import SearchText
from helpdesk.models import CannedReply

SEARCHABLE = sorted(
    (
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if model_admin.search_fields
    )
)
WORDS_CUT = SearchText("", words_cut=True).notice
CHARACTERS_CUT = SearchText("", characters_cut=True).notice
CONTROLS = SearchText("", controls_ignored=True).notice
NOTHING_SEARCHABLE = SearchText("", skipped=True).notice
SEARCHES = {
    "5000 words": (" ".join(f"mot{n}" for n in range(5000)), [WORDS_CUT]),
    "NUL and control characters": ("\x00messagerie\x01\x07\x1b\x7fcourriel\x00", [CONTROLS]),
    "100 kB": ("x" * 100_000, [CHARACTERS_CUT]),
    "no letter nor digit": ("- … «\u200b» ...", [NOTHING_SEARCHABLE]),
}


def changelist(label):
    app_label, model_name = label.lower().split(".")
    return reverse(f"admin:{app_label}_{model_name}_changelist")


def notices(response):
    return [str(message) for message in response.context["messages"]]


def test_the_portal_has_admins_with_a_search_box():
    assert {"helpdesk.CannedReply", "accounts.User", "auth.Group"} <= set(SEARCHABLE)


@pytest.mark.parametrize("search", SEARCHES, ids=list(SEARCHES))
@pytest.mark.parametrize("label", SEARCHABLE)
def test_every_admin_search_answers_the_changelist_and_says_what_it_did(login, cast, label, search):
    typed, expected = SEARCHES[search]
    response = login(cast.admin).get(changelist(label), {"q": typed})

    assert response.status_code == 200
    assert notices(response) == expected
    for notice in expected:
        assert notice in response.content.decode()


def test_a_search_as_typed_is_not_commented(login, cast):
    response = login(cast.admin).get(changelist("helpdesk.CannedReply"), {"q": "certificat"})

    assert response.status_code == 200
    assert notices(response) == []


def test_the_first_words_of_a_long_search_still_find_the_record(login, cast):
    reply = CannedReply.objects.create(title="Certificat expiré", body="Renouvelez-le.")
    CannedReply.objects.create(title="Mot de passe oublié", body="Réinitialisez-le.")
    typed = "certificat " + " ".join(["expiré"] * 5000)

    response = login(cast.admin).get(changelist("helpdesk.CannedReply"), {"q": typed})

    assert [row.pk for row in response.context["cl"].result_list] == [reply.pk]
    assert response.context["cl"].query == "certificat " + " ".join(["expiré"] * 9)


def test_the_autocomplete_of_a_foreign_key_accepts_any_input(login, cast):
    response = login(cast.admin).get(
        reverse("admin:autocomplete"),
        {
            "app_label": "accounts",
            "model_name": "user",
            "field_name": "structure",
            "term": "\x00".join(["Santé"] * 5000),
        },
    )

    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == [str(cast.health)]
