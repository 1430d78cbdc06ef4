from datetime import date, timedelta
from threading import Barrier, Thread

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from recommendations.models import Recommendation, Status, StatusUpdate
from recommendations.services import (
    recommendation_create,
    recommendation_update,
    update_reject,
    update_submit,
    update_validate,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def evidence(name="preuve.pdf"):
    return SimpleUploadedFile(name, PDF)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_references_follow_year_session_rank_and_number(make_recommendation, april_session):
    first = make_recommendation()
    second = make_recommendation("Former les agents")
    third = make_recommendation("Migrer les boîtes", meeting=april_session)
    assert (first.reference, second.reference) == ("R-2022-01-01", "R-2022-01-02")
    assert third.reference == "R-2022-02-01"


@pytest.mark.django_db(transaction=True)
def test_references_stay_unique_under_concurrent_creation(cast, january_session, themes):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is tested; CI runs this on PostgreSQL")
    barrier = Barrier(6)
    errors = []

    def create(i):
        from django.db import connections

        try:
            barrier.wait()
            recommendation_create(
                actor=cast.secretariat,
                meeting=january_session,
                text=f"Recommandation {i}",
                theme=themes["Serveur de fichiers"],
                lead_structure=cast.health,
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [Thread(target=create, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = sorted(Recommendation.objects.values_list("reference", flat=True))
    assert references == [f"R-2022-01-{n:02d}" for n in range(1, 7)]


def test_only_the_secretariat_records_recommendations(cast, january_session, themes):
    with pytest.raises(PermissionDenied):
        recommendation_create(
            actor=cast.dsi_health,
            meeting=january_session,
            text="x",
            theme=themes["Serveur de fichiers"],
            lead_structure=cast.health,
        )


def test_abandoning_needs_a_reason_and_blocking_says_what_blocks(make_recommendation, cast):
    recommendation = make_recommendation()
    with pytest.raises(ValidationError, match="pourquoi"):
        recommendation_update(
            actor=cast.secretariat, recommendation=recommendation, status=Status.ABANDONED
        )
    with pytest.raises(ValidationError, match="ce qui bloque"):
        recommendation_update(
            actor=cast.secretariat, recommendation=recommendation, status=Status.BLOCKED
        )


def test_every_change_is_audited(make_recommendation, cast):
    recommendation = make_recommendation()
    recommendation_update(
        actor=cast.secretariat,
        recommendation=recommendation,
        due_date=date(2022, 9, 30),
        contributors=[cast.education],
    )
    due = recommendation.changes.filter(field="due_date").first()
    assert (due.old_value, due.new_value, due.actor) == (
        "2022-06-30",
        "2022-09-30",
        cast.secretariat,
    )
    contributors = recommendation.changes.filter(field="contributors").first()
    assert (contributors.old_value, contributors.new_value) == ("", "MENA")


def test_a_dsi_update_waits_for_validation(make_recommendation, cast, media):
    recommendation = make_recommendation()
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=40,
        comment="Migration de la moitié des boîtes",
    )
    recommendation.refresh_from_db()
    assert update.state == StatusUpdate.State.PENDING
    assert (recommendation.status, recommendation.progress) == (Status.NOT_STARTED, 0)

    update_validate(actor=cast.secretariat, update=update)
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress) == (Status.IN_PROGRESS, 40)
    assert recommendation.last_validated_at is not None
    assert {c.field for c in recommendation.changes.all()} >= {"status", "progress"}


def test_a_rejected_update_tells_the_dsi_why(
    make_recommendation, cast, django_capture_on_commit_callbacks
):
    from django.core import mail

    recommendation = make_recommendation()
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=10,
        comment="Début",
    )
    with pytest.raises(ValidationError, match="pourquoi"):
        update_reject(actor=cast.secretariat, update=update, reason=" ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update_reject(actor=cast.secretariat, update=update, reason="Aucune preuve de la migration")
    update.refresh_from_db()
    assert update.state == StatusUpdate.State.REJECTED
    assert mail.outbox[0].to == [cast.dsi_health.email]
    assert "Aucune preuve de la migration" in mail.outbox[0].body
    with pytest.raises(ValidationError, match="déjà été traitée"):
        update_validate(actor=cast.secretariat, update=update)


def test_implemented_requires_evidence(make_recommendation, cast, media):
    recommendation = make_recommendation()
    with pytest.raises(ValidationError, match="pièce justificative"):
        update_submit(
            actor=cast.dsi_health,
            recommendation=recommendation,
            status=Status.IMPLEMENTED,
            progress=100,
            comment="Fait",
        )
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IMPLEMENTED,
        progress=100,
        comment="Fait",
        evidence=[evidence()],
    )
    assert update.evidence.get().content_type == "application/pdf"


def test_a_refused_evidence_file_saves_nothing(make_recommendation, cast, media):
    recommendation = make_recommendation()
    with pytest.raises(ValidationError):
        update_submit(
            actor=cast.dsi_health,
            recommendation=recommendation,
            status=Status.IMPLEMENTED,
            progress=100,
            comment="Fait",
            evidence=[evidence(), SimpleUploadedFile("outil.pdf", b"MZ\x90\x00" + b"\x00" * 64)],
        )
    assert not StatusUpdate.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_a_dsi_updates_only_what_their_structure_leads_or_contributes_to(make_recommendation, cast):
    recommendation = make_recommendation(lead=cast.education)
    with pytest.raises(PermissionDenied):
        update_submit(
            actor=cast.dsi_health,
            recommendation=recommendation,
            status=Status.IN_PROGRESS,
            progress=5,
            comment="x",
        )
    recommendation_update(
        actor=cast.secretariat, recommendation=recommendation, contributors=[cast.health]
    )
    update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=5,
        comment="x",
    )


def test_the_secretariats_own_update_applies_at_once(make_recommendation, cast):
    recommendation = make_recommendation()
    update = update_submit(
        actor=cast.secretariat,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=20,
        comment="Point",
    )
    recommendation.refresh_from_db()
    assert update.state == StatusUpdate.State.VALIDATED
    assert recommendation.progress == 20


def test_derived_states_are_computed_in_the_database(make_recommendation, cast, settings):
    settings.RECOMMENDATION_STALE_DAYS = 30
    today = timezone.localdate()
    late = make_recommendation("En retard", due_date=today - timedelta(days=10))
    done = make_recommendation("Terminée", due_date=today - timedelta(days=10))
    recommendation_update(
        actor=cast.secretariat, recommendation=done, status=Status.IMPLEMENTED, progress=100
    )
    future = make_recommendation("À venir", due_date=today + timedelta(days=10))
    Recommendation.objects.filter(pk=future.pk).update(
        created_at=timezone.now() - timedelta(days=40)
    )
    states = {r.pk: r for r in Recommendation.objects.with_states()}
    assert states[late.pk].is_overdue and states[late.pk].days_late == timedelta(days=10)
    assert not states[done.pk].is_overdue and states[done.pk].days_late is None
    assert not states[future.pk].is_overdue
    assert states[future.pk].is_stale
    assert not states[late.pk].is_stale
    assert list(Recommendation.objects.with_states().filter(is_overdue=True)) == [late]
