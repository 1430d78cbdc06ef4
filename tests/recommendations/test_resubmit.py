"""A DSI corrects an update the Secretariat rejected and sends it again: the form starts from
the rejected update, shows why it was rejected, and keeps its files (copies that survive the
rejected update)."""

import pytest
from django.core.exceptions import ValidationError

from recommendations.models import Evidence, Status, StatusUpdate
from recommendations.services import update_reject, update_resubmit, update_submit

from .helpers import PDF, pdf_file


@pytest.fixture
def rejected(make_recommendation, cast, media):
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=make_recommendation(),
        status=Status.IN_PROGRESS,
        progress=40,
        comment="Comptes créés pour la moitié des agents.",
        evidence=[pdf_file("preuve.pdf"), pdf_file("annexe.pdf")],
    )
    return update_reject(actor=cast.secretariat, update=update, reason="La preuve est illisible.")


def test_the_timeline_offers_the_author_structure_to_correct_and_send_again(login, cast, rejected):
    address = f"/recommendations/updates/{rejected.pk}/resubmit/"
    page = login(cast.dsi_health).get(f"/recommendations/{rejected.recommendation_id}/")
    assert address in page.content.decode()
    secretariat = login(cast.secretariat).get(f"/recommendations/{rejected.recommendation_id}/")
    assert address not in secretariat.content.decode()


def test_the_form_starts_from_the_rejected_update_and_shows_the_reason(login, cast, rejected):
    response = login(cast.dsi_health).get(f"/recommendations/updates/{rejected.pk}/resubmit/")
    form = response.context["form"]
    assert form.initial["status"] == Status.IN_PROGRESS
    assert form.initial["progress"] == 40
    assert form.initial["comment"] == "Comptes créés pour la moitié des agents."
    assert len(form.initial["kept"]) == 2
    page = response.content.decode()
    assert "La preuve est illisible." in page
    assert "preuve.pdf" in page and "annexe.pdf" in page


def test_resubmitting_sends_a_new_pending_update_with_copies_of_the_kept_files(
    login, cast, rejected
):
    kept = rejected.evidence.get(original_name="preuve.pdf")
    response = login(cast.dsi_health).post(
        f"/recommendations/updates/{rejected.pk}/resubmit/",
        {
            "status": Status.IN_PROGRESS,
            "progress": 50,
            "comment": "Preuve lisible jointe.",
            "kept": [kept.pk],
            "evidence": [pdf_file("nouvelle.pdf")],
        },
    )
    assert response.status_code == 302
    new = StatusUpdate.objects.exclude(pk=rejected.pk).get()
    assert (new.state, new.progress, new.author) == (
        StatusUpdate.State.PENDING,
        50,
        cast.dsi_health,
    )
    copies = list(new.evidence.order_by("original_name"))
    assert [e.original_name for e in copies] == ["nouvelle.pdf", "preuve.pdf"]
    copy = next(e for e in copies if e.original_name == "preuve.pdf")
    assert copy.file.name != kept.file.name
    # The rejected update may go: its copies stay.
    rejected.delete()
    with copy.file.open("rb") as stored:
        assert stored.read() == PDF
    assert not StatusUpdate.objects.awaiting_resubmission(cast.health.pk).exists()


def test_implemented_may_rely_on_the_kept_proof_alone(cast, rejected):
    new = update_resubmit(
        actor=cast.dsi_health,
        rejected=rejected,
        status=Status.IMPLEMENTED,
        progress=100,
        comment="Terminé.",
        kept=list(rejected.evidence.all()),
    )
    assert new.evidence.count() == 2


def test_a_rejected_update_is_sent_again_once(cast, rejected):
    fields = {"status": Status.IN_PROGRESS, "progress": 50, "comment": "Corrigée."}
    update_resubmit(actor=cast.dsi_health, rejected=rejected, **fields)
    with pytest.raises(ValidationError, match="plus récente"):
        update_resubmit(actor=cast.dsi_health, rejected=rejected, **fields)


def test_files_of_another_update_are_not_kept(cast, rejected, make_recommendation):
    other = update_submit(
        actor=cast.dsi_health,
        recommendation=make_recommendation("Autre"),
        status=Status.IN_PROGRESS,
        progress=10,
        comment="Autre",
        evidence=[pdf_file("autre.pdf")],
    )
    new = update_resubmit(
        actor=cast.dsi_health,
        rejected=rejected,
        status=Status.IN_PROGRESS,
        progress=50,
        comment="Corrigée.",
        kept=list(other.evidence.all()),
    )
    assert not new.evidence.exists()
    assert Evidence.objects.filter(original_name="autre.pdf").count() == 1


@pytest.mark.parametrize("member", ["dsi_education", "secretariat", "agent", "admin"])
def test_only_the_author_structure_opens_the_form(login, cast, rejected, member):
    address = f"/recommendations/updates/{rejected.pk}/resubmit/"
    assert login(getattr(cast, member)).get(address).status_code == 404


def test_a_pending_or_validated_update_is_not_resubmitted(login, cast, make_recommendation, media):
    update = update_submit(
        actor=cast.dsi_health,
        recommendation=make_recommendation(),
        status=Status.IN_PROGRESS,
        progress=40,
        comment="En cours.",
    )
    address = f"/recommendations/updates/{update.pk}/resubmit/"
    assert login(cast.dsi_health).get(address).status_code == 404


def test_once_sent_again_the_rejected_update_is_no_longer_offered_nor_opened(login, cast, rejected):
    """The link and the form follow the rule of ``awaiting_resubmission``: a rejected update
    followed by another of its structure is history, not a task."""
    client = login(cast.dsi_health)
    address = f"/recommendations/updates/{rejected.pk}/resubmit/"
    update_resubmit(
        actor=cast.dsi_health,
        rejected=rejected,
        status=Status.IN_PROGRESS,
        progress=50,
        comment="Preuve lisible jointe.",
        kept=[],
        evidence=[],
    )
    page = client.get(f"/recommendations/{rejected.recommendation_id}/").content.decode()
    assert address not in page
    assert client.get(address).status_code == 404
