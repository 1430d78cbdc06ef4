"""References such as R-2022-01-03 (year, session rank, number): unique, and never given twice
even when the sessions of the year move around them."""

from threading import Barrier, Thread

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from meetings.models import Meeting
from recommendations.models import Recommendation, SessionPrefix
from recommendations.services import recommendation_create
from tests.conftest import at


def session(cast, title, when, **fields):
    return Meeting.objects.create(
        title=title,
        starts_at=when,
        ends_at=when.replace(hour=13),
        status=fields.pop("status", Meeting.Status.HELD),
        created_by=cast.secretariat,
        **fields,
    )


def test_references_follow_year_session_rank_and_number(make_recommendation, april_session):
    first = make_recommendation()
    second = make_recommendation("Former les agents")
    third = make_recommendation("Migrer les boîtes", meeting=april_session)
    assert (first.reference, second.reference) == ("R-2022-01-01", "R-2022-01-02")
    assert third.reference == "R-2022-02-01"


def test_a_session_added_earlier_in_the_year_changes_no_reference_and_takes_a_free_prefix(
    cast, make_recommendation, january_session, april_session
):
    make_recommendation("Janvier 1")
    make_recommendation("Janvier 2")
    make_recommendation("Avril 1", meeting=april_session)
    # A session of 5 January is recorded afterwards: it now ranks first of the year, January
    # second and April third.
    earlier = session(cast, "Rencontre extraordinaire de janvier 2022", at(2022, 1, 5))
    assert Meeting.objects.with_rank().get(pk=earlier.pk).rank == 1

    january_3 = make_recommendation("Janvier 3")
    april_2 = make_recommendation("Avril 2", meeting=april_session)
    early_1 = make_recommendation("Début janvier", meeting=earlier)

    assert january_3.reference == "R-2022-01-03"
    assert april_2.reference == "R-2022-02-02"
    # Ranks 1 and 2 are taken by the sessions that used them first: the next free number.
    assert early_1.reference == "R-2022-03-01"
    assert Recommendation.objects.count() == len(
        set(Recommendation.objects.values_list("reference", flat=True))
    )


def test_a_session_cancelled_before_it_keeps_the_prefixes_already_given(
    cast, make_recommendation, april_session
):
    first = session(cast, "Rencontre de début janvier", at(2022, 1, 3))
    make_recommendation("Janvier", meeting=first)  # R-2022-01-01
    make_recommendation("Mi-janvier")  # the January session: R-2022-02-01
    first.status = Meeting.Status.CANCELLED
    first.save()

    # January now ranks first, April second: both keep the prefix they were given.
    assert make_recommendation("Mi-janvier bis").reference == "R-2022-02-02"
    assert make_recommendation("Avril", meeting=april_session).reference == "R-2022-03-01"


def test_a_cancelled_session_adopts_no_recommendation(cast, january_session, themes):
    january_session.status = Meeting.Status.CANCELLED
    january_session.save()

    with pytest.raises(ValidationError) as refused:
        recommendation_create(
            actor=cast.secretariat,
            meeting=january_session,
            text="Recommandation d'une session annulée",
            theme=themes["Serveur de fichiers"],
            lead_structure=cast.health,
        )

    assert refused.value.message_dict == {
        "meeting": ["Cette session est annulée : elle n'adopte pas de recommandation."]
    }
    assert not Recommendation.objects.exists()
    assert not SessionPrefix.objects.exists()


def test_the_form_offers_no_cancelled_session(login, cast, january_session, april_session):
    april_session.status = Meeting.Status.CANCELLED
    april_session.save()

    form = login(cast.secretariat).get("/recommendations/new/").context["form"]

    assert list(form.fields["meeting"].queryset) == [january_session]


def test_a_reference_already_taken_is_refused_in_french_not_with_an_error_500(
    login, cast, make_recommendation, january_session, april_session, themes
):
    make_recommendation()  # R-2022-01-01
    # A reference of the January series recorded elsewhere (by hand, in the past): the next
    # January recommendation would take it.
    Recommendation.objects.create(
        reference="R-2022-01-02",
        number=99,
        text="Saisie à la main",
        meeting=april_session,
        theme=themes["Serveur de fichiers"],
        lead_structure=cast.education,
    )
    data = {
        "meeting": january_session.pk,
        "text": "Deuxième recommandation de janvier",
        "theme": themes["Serveur de fichiers"].pk,
        "lead_structure": cast.health.pk,
        "priority": "medium",
        "status": "not_started",
        "progress": "0",
    }

    response = login(cast.secretariat).post("/recommendations/new/", data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "La référence R-2022-01-02 est déjà attribuée à une autre recommandation : rien n'a été "
        "enregistré. Réessayez ; si le problème persiste, prévenez l'administrateur du portail."
    ]
    assert not Recommendation.objects.filter(text=data["text"]).exists()


def _create_at_once(cast, themes, meetings, per_meeting):
    barrier = Barrier(len(meetings) * per_meeting)
    errors = []

    def create(meeting, i):
        try:
            barrier.wait()
            recommendation_create(
                actor=cast.secretariat,
                meeting=meeting,
                text=f"Recommandation {i} de {meeting.title}",
                theme=themes["Serveur de fichiers"],
                lead_structure=cast.health,
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        Thread(target=create, args=(meeting, i)) for meeting in meetings for i in range(per_meeting)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgresql  # row locks are what is tested
@pytest.mark.django_db(transaction=True)
def test_references_stay_unique_under_concurrent_creation(cast, january_session, themes):

    errors = _create_at_once(cast, themes, [january_session], per_meeting=6)

    assert errors == []
    references = sorted(Recommendation.objects.values_list("reference", flat=True))
    assert references == [f"R-2022-01-{n:02d}" for n in range(1, 7)]


@pytest.mark.postgresql  # concurrent transactions are what is tested
@pytest.mark.django_db(transaction=True)
def test_two_new_sessions_given_their_first_references_at_once_get_different_prefixes(
    cast, make_recommendation, january_session, april_session, themes
):
    make_recommendation()  # January: R-2022-01
    make_recommendation(meeting=april_session)  # April: R-2022-02
    # Two sessions recorded since, in February and March: February ranks second (taken, so it
    # takes 03) and March third (03 too): both want R-2022-03 at the same moment.
    february = session(cast, "Rencontre de février", at(2022, 2, 10))
    march = session(cast, "Rencontre de mars", at(2022, 3, 10))

    errors = _create_at_once(cast, themes, [february, march], per_meeting=3)

    assert errors == []
    prefixes = {}
    for meeting_id, reference in Recommendation.objects.filter(
        meeting__in=[february, march]
    ).values_list("meeting_id", "reference"):
        prefixes.setdefault(meeting_id, set()).add(reference.rsplit("-", 1)[0])
    assert sorted(prefix for (prefix,) in prefixes.values()) == ["R-2022-03", "R-2022-04"]
    references = list(Recommendation.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 8
