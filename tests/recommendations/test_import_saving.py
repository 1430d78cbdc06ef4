"""Fatimata (the Secretariat) confirms an import: only the latest preview, once, by the
Secretariat alone, and all the rows or none, under the rules of the edit form."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from recommendations.imports import recommendations_import
from recommendations.models import Evidence, Recommendation, Status
from recommendations.services import update_submit, update_validate

from .helpers import pdf_file
from .importing import URL, confirm, csv_file, errors_by_row, flash, upload, xlsx

pytestmark = pytest.mark.usefixtures("media")


def validated_proof(cast, recommendation):
    """Aïcha's update with its proof, validated: what "implemented" needs."""
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=90,
        comment="Recette faite",
        evidence=[pdf_file("PV de recette.pdf")],
    )
    update_validate(actor=cast.secretariat, update=update)


def test_an_existing_reference_updates_that_recommendation(
    cast, login, january_session, make_recommendation
):
    existing = make_recommendation()
    validated_proof(cast, existing)
    client = login(cast.secretariat)
    file = xlsx(
        [
            [
                "R-2022-01-01",
                "Généraliser la messagerie à tous les agents",
                "MS",
                "Messagerie professionnelle",
                None,
                "Mise en oeuvre",
                None,
            ],
        ]
    )

    preview = upload(client, january_session, file)
    assert [row.is_update for row in preview.context["preview"].rows] == [True]
    done = confirm(client, preview.context["token"])

    assert flash(done)[-1].startswith("1 recommandation importée (")
    assert flash(done)[-1].endswith(", 1 mise à jour).")
    existing.refresh_from_db()
    assert Recommendation.objects.count() == 1
    assert existing.text == "Généraliser la messagerie à tous les agents"
    assert (existing.status, existing.progress) == (Status.IMPLEMENTED, 100)
    assert existing.due_date == date(2022, 6, 30)  # an empty optional cell keeps the value
    assert set(existing.changes.filter(actor=cast.secretariat).values_list("field", flat=True)) >= {
        "text",
        "status",
        "progress",
    }
    status = existing.changes.filter(field="status").first()
    assert (status.old_value, status.new_value) == ("En cours", "Mise en œuvre")


def test_implemented_without_a_validated_proof_is_refused_at_preview(
    cast, login, january_session, make_recommendation
):
    make_recommendation()  # R-2022-01-01, no evidence
    pending = make_recommendation("Preuve en attente")  # R-2022-01-02
    update_submit(
        actor=cast.dsi_health,
        recommendation=pending,
        status=Status.IMPLEMENTED,
        progress=100,
        comment="Fait",
        evidence=[pdf_file()],
    )
    client = login(cast.secretariat)
    theme = "Messagerie professionnelle"
    file = xlsx(
        [
            ["R-2022-01-01", "Sans preuve", "MS", theme, None, "Mise en œuvre", 100],
            ["R-2022-01-02", "Preuve en attente", "MS", theme, None, "Mise en œuvre", 100],
            ["", "Nouvelle et déjà faite", "MS", theme, None, "Mise en œuvre", 100],
            ["", "Nouvelle en cours", "MS", theme, None, "En cours", 10],
        ]
    )

    response = upload(client, january_session, file)

    message = (
        "Une recommandation n'est déclarée mise en œuvre qu'avec une pièce justificative "
        "validée : enregistrez plutôt une mise à jour avec sa pièce justificative."
    )
    assert errors_by_row(response) == {2: [message], 3: [message], 4: [message]}
    assert response.context["token"] is None


def test_the_rule_of_implemented_holds_at_commit_and_saves_no_row(
    cast, january_session, make_recommendation, themes
):
    # The proof was there at preview, gone (its update deleted by an administrator) at commit.
    existing = make_recommendation()
    validated_proof(cast, existing)
    Evidence.objects.all().delete()
    theme = themes["Serveur de fichiers"].pk
    rows = [
        {
            "row": 2,
            "reference": "",
            "recommendation": None,
            "fields": {"text": "A", "lead_structure": cast.health.pk, "theme": theme},
        },
        {
            "row": 3,
            "reference": existing.reference,
            "recommendation": existing.pk,
            "fields": {"status": Status.IMPLEMENTED},
        },
    ]

    with pytest.raises(ValidationError) as refused:
        recommendations_import(actor=cast.secretariat, meeting=january_session, rows=rows)

    assert refused.value.messages[0].startswith(
        "Ligne 3 : Statut : Une recommandation n'est déclarée mise en œuvre qu'avec une pièce"
    )
    assert Recommendation.objects.count() == 1
    existing.refresh_from_db()
    assert existing.status == Status.IN_PROGRESS


def test_a_state_imported_counts_as_validated_now(
    cast, login, january_session, make_recommendation, settings
):
    settings.RECOMMENDATION_STALE_DAYS = 30
    existing = make_recommendation()
    long_ago = timezone.now() - timedelta(days=100)
    Recommendation.objects.update(created_at=long_ago)
    client = login(cast.secretariat)
    file = csv_file(
        "référence;texte;structure pilote;thème;statut;avancement\n"
        f"{existing.reference};{existing.text};MS;Messagerie professionnelle;En cours;35\n"
    )

    confirm(client, upload(client, january_session, file).context["token"])

    existing.refresh_from_db()
    assert (existing.status, existing.progress) == (Status.IN_PROGRESS, 35)
    assert existing.last_validated_at > timezone.now() - timedelta(minutes=1)
    assert not Recommendation.objects.with_states().get().is_stale


def test_a_row_refused_at_commit_rolls_back_the_rows_before_it(
    cast, login, january_session, make_recommendation
):
    # Aïcha is the focal person of R-2022-01-01; moving it to Education breaks that rule,
    # which only the service checks, at commit, after row 2 has been created.
    existing = make_recommendation(focal_person=cast.dsi_health)
    client = login(cast.secretariat)
    file = xlsx(
        [
            ["", "Nouvelle recommandation", "MS", "Serveur de fichiers", None, None, None],
            ["R-2022-01-01", existing.text, "MENA", "Messagerie professionnelle", None, None, 50],
        ]
    )
    preview = upload(client, january_session, file)
    assert preview.context["preview"].is_valid

    response = confirm(client, preview.context["token"])

    assert response.status_code == 200
    assert response.context["commit_errors"] == [
        "Ligne 3 : Point focal : Le point focal doit appartenir à la structure pilote."
    ]
    assert "aucune recommandation n'a été enregistrée" in response.content.decode()
    assert Recommendation.objects.count() == 1
    existing.refresh_from_db()
    assert (existing.lead_structure, existing.progress) == (cast.health, 0)


def test_the_import_service_saves_all_rows_or_none(cast, january_session, themes):
    theme = themes["Serveur de fichiers"].pk
    rows = [
        {
            "row": 2,
            "reference": "",
            "recommendation": None,
            "fields": {"text": "A", "lead_structure": cast.health.pk, "theme": theme},
        },
        {
            "row": 3,
            "reference": "",
            "recommendation": None,
            "fields": {
                "text": "B",
                "lead_structure": cast.health.pk,
                "theme": theme,
                "status": Status.ABANDONED,
            },
        },
    ]

    with pytest.raises(ValidationError) as refused:
        recommendations_import(actor=cast.secretariat, meeting=january_session, rows=rows)

    assert refused.value.messages == [
        "Ligne 3 : Motif : Indiquez pourquoi la recommandation est abandonnée."
    ]
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("member", ["dsi_health", "agent", "secretary_general"])
def test_only_the_secretariat_reaches_the_import_page(cast, login, january_session, member):
    client = login(getattr(cast, member))
    file = csv_file("texte;structure pilote;thème\nA;MS;Serveur de fichiers\n")

    assert client.get(URL).status_code == 404
    assert upload(client, january_session, file).status_code == 404
    assert not Recommendation.objects.exists()


def test_the_secretariat_sees_the_upload_form(cast, login):
    response = login(cast.secretariat).get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'accept=".xlsx,.csv"' in page


@pytest.mark.parametrize("token", [None, "", "jeton-perime"])
def test_a_confirm_without_the_current_token_is_refused(cast, login, january_session, token):
    client = login(cast.secretariat)
    upload(
        client,
        january_session,
        csv_file("texte;structure pilote;thème\nA;MS;Serveur de fichiers\n"),
    )

    response = confirm(client, token)

    assert response.status_code == 302
    assert flash(response)[-1].startswith("Cet aperçu n'est plus valable")
    assert not Recommendation.objects.exists()


def test_a_new_upload_makes_the_previous_preview_stale(cast, login, january_session):
    client = login(cast.secretariat)
    file = "texte;structure pilote;thème\n{};MS;Serveur de fichiers\n"
    first = upload(client, january_session, csv_file(file.format("Premier")))
    upload(client, january_session, csv_file(file.format("Second")))

    confirm(client, first.context["token"])

    assert not Recommendation.objects.exists()


def test_a_preview_is_imported_only_once(cast, login, january_session):
    client = login(cast.secretariat)
    preview = upload(
        client,
        january_session,
        csv_file("texte;structure pilote;thème\nA;MS;Serveur de fichiers\n"),
    )

    confirm(client, preview.context["token"])
    again = confirm(client, preview.context["token"])

    assert flash(again)[-1].startswith("Cet aperçu n'est plus valable")
    assert Recommendation.objects.count() == 1
