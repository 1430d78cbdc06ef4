"""An update declared "Mise en œuvre" below 100 %: the Secretariat is told before validating
that the recommendation will be recorded at 100 %, and the history says why."""

from recommendations.models import Status, StatusUpdate
from recommendations.services import update_submit

from .helpers import pdf_file


def declared_implemented_at(cast, recommendation, progress):
    return update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IMPLEMENTED,
        progress=progress,
        comment="Toutes les boîtes sont migrées.",
        evidence=[pdf_file()],
    )


def test_the_validation_page_says_the_progress_will_be_recorded_at_100(
    make_recommendation, cast, login, media
):
    update = declared_implemented_at(cast, make_recommendation(), 80)
    page = login(cast.secretariat).get("/recommendations/validations/").content.decode()
    assert f'data-testid="progress-completed-{update.pk}"' in page
    assert "La mise en œuvre sera enregistrée à 100" in page
    assert "avec un avancement de 80" in page


def test_no_notice_when_the_declared_progress_is_already_100(
    make_recommendation, cast, login, media
):
    update = declared_implemented_at(cast, make_recommendation(), 100)
    page = login(cast.secretariat).get("/recommendations/validations/").content.decode()
    assert f"progress-completed-{update.pk}" not in page


def test_validating_records_100_and_the_history_says_why(make_recommendation, cast, login, media):
    recommendation = make_recommendation()
    update = declared_implemented_at(cast, recommendation, 80)
    client = login(cast.secretariat)
    response = client.post(f"/recommendations/updates/{update.pk}/validate/", follow=True)
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress) == (Status.IMPLEMENTED, 100)
    update.refresh_from_db()
    # The DSI's declaration is kept as sent.
    assert (update.state, update.progress) == (StatusUpdate.State.VALIDATED, 80)
    progress = recommendation.changes.filter(field="progress").first()
    assert progress.new_value == "100"
    assert "enregistré à 100" in progress.note and "80" in progress.note
    assert recommendation.changes.filter(field="status").first().note == ""
    page = response.content.decode()
    assert "enregistré à 100" in page  # the message after validating
    detail = client.get(f"/recommendations/{recommendation.pk}/").content.decode()
    assert progress.note.replace("'", "&#x27;") in detail  # in the history
    assert "enregistrée à 100" in detail  # on the timeline


def test_an_ordinary_validation_writes_no_note(make_recommendation, cast, media):
    from recommendations.services import update_validate

    recommendation = make_recommendation()
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=40,
        comment="Migration en cours.",
    )
    update_validate(actor=cast.secretariat, update=update)
    assert set(recommendation.changes.values_list("note", flat=True)) == {""}
