"""The rules of recording, editing, updating and validating recommendations (services/)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from recommendations.models import Recommendation, Status, StatusUpdate
from recommendations.services import (
    recommendation_create,
    recommendation_update,
    update_reject,
    update_submit,
    update_validate,
)
from tests.conftest import settle_mail

from .helpers import pdf_file as evidence


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
    settle_mail()  # the Secretariat's notice of the submitted update
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


def test_an_update_older_than_the_last_validated_one_is_superseded(
    make_recommendation, cast, django_capture_on_commit_callbacks
):
    recommendation = make_recommendation()
    older = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=40,
        comment="La moitié des boîtes",
    )
    newer = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=80,
        comment="Presque toutes les boîtes",
    )
    StatusUpdate.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=2))
    update_validate(actor=cast.secretariat, update=newer)

    with pytest.raises(ValidationError, match="celle-ci est dépassée"):
        update_validate(actor=cast.secretariat, update=older)

    recommendation.refresh_from_db()
    older.refresh_from_db()
    assert (recommendation.status, recommendation.progress) == (Status.IN_PROGRESS, 80)
    assert older.state == StatusUpdate.State.PENDING
    # It can still be rejected, with the reason the DSI reads.
    with django_capture_on_commit_callbacks(execute=True):
        update_reject(actor=cast.secretariat, update=older, reason="Remplacée par la suivante")


def test_an_older_update_is_still_validated_when_no_newer_one_is(make_recommendation, cast):
    recommendation = make_recommendation()
    older = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=40,
        comment="La moitié des boîtes",
    )
    update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=80,
        comment="Presque toutes les boîtes",
    )

    update_validate(actor=cast.secretariat, update=older)

    recommendation.refresh_from_db()
    assert recommendation.progress == 40


def test_implemented_by_edit_needs_a_validated_proof(make_recommendation, cast, media):
    recommendation = make_recommendation()
    with pytest.raises(ValidationError) as refused:
        recommendation_update(
            actor=cast.secretariat,
            recommendation=recommendation,
            status=Status.IMPLEMENTED,
            progress=30,
        )
    assert refused.value.message_dict["status"] == [
        "Une recommandation n'est déclarée mise en œuvre qu'avec une pièce justificative "
        "validée : enregistrez plutôt une mise à jour avec sa pièce justificative."
    ]
    # A proof still waiting for validation does not count.
    pending = update_submit(
        actor=cast.dsi_health,
        recommendation=recommendation,
        status=Status.IN_PROGRESS,
        progress=90,
        comment="Procès-verbal de recette joint",
        evidence=[evidence()],
    )
    with pytest.raises(ValidationError, match="pièce justificative validée"):
        recommendation_update(
            actor=cast.secretariat, recommendation=recommendation, status=Status.IMPLEMENTED
        )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.last_validated_at) == (Status.NOT_STARTED, None)

    update_validate(actor=cast.secretariat, update=pending)
    recommendation_update(
        actor=cast.secretariat,
        recommendation=recommendation,
        status=Status.IMPLEMENTED,
        progress=30,
    )
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.progress) == (Status.IMPLEMENTED, 100)


def test_a_new_recommendation_cannot_be_recorded_as_implemented(cast, january_session, themes):
    with pytest.raises(ValidationError, match="pièce justificative validée"):
        recommendation_create(
            actor=cast.secretariat,
            meeting=january_session,
            text="Déjà faite",
            theme=themes["Serveur de fichiers"],
            lead_structure=cast.health,
            status=Status.IMPLEMENTED,
            progress=100,
        )
    assert not Recommendation.objects.exists()


def test_a_state_changed_by_edit_counts_as_validated_and_is_audited(make_recommendation, cast):
    recommendation = make_recommendation()
    old = timezone.now() - timedelta(days=200)
    Recommendation.objects.filter(pk=recommendation.pk).update(last_validated_at=old)

    recommendation_update(
        actor=cast.secretariat, recommendation=recommendation, due_date=date(2022, 12, 31)
    )
    recommendation.refresh_from_db()
    assert recommendation.last_validated_at == old  # not a change of state

    recommendation_update(
        actor=cast.secretariat,
        recommendation=recommendation,
        status=Status.BLOCKED,
        status_reason="Budget non voté",
        progress=20,
    )
    recommendation.refresh_from_db()
    assert recommendation.last_validated_at > timezone.now() - timedelta(minutes=1)
    newest = {}
    for change in recommendation.changes.all():  # newest first
        newest.setdefault(change.field, (change.old_value, change.new_value, change.actor))
    assert newest["status"] == ("Non démarrée", "Bloquée", cast.secretariat)
    assert newest["progress"] == ("0", "20", cast.secretariat)
