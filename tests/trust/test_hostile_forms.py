"""Hostile input on every form and every filter of the portal (issue 8, item 3).

Hypothesis types what a careless or malicious user might: very long strings, control characters
(NUL included), mixed scripts and right-to-left overrides, markup, numbers and dates far out of
range, ids that do not exist or are not numbers at all. Whatever it types, the portal answers
with a form error or a success: never a 500. Each example runs in a transaction rolled back
afterwards, so every example starts from the same world.
"""

from dataclasses import dataclass
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpdesk.models import Category, Priority
from recommendations.models import Theme

from .conftest import Visitor, pdf, rolled_back, user_for

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31mrouge",
    "\u202egpj.exe",
    "\ufeff\u200b\u2028\u2029",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "%s%s%n{0}{{ 7*7 }}${x}",
    "مرحبا Bonjour 你好 Ǆ 𝕳",
    "\r\nSet-Cookie: pris=1",
    "../../../etc/passwd",
    "//exemple.org/",
    "javascript:alert(1)",
    "9" * 400,
    "-1",
    "1e309",
    "NaN",
]
TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.builds(
        lambda piece, times: piece * times, st.text(min_size=1, max_size=3), st.integers(50, 4000)
    ),
)
NUMBER = st.one_of(
    st.sampled_from(["0", "-1", "101", "2147483648", "9" * 30, "1.5", "٣", "²", "①", "1e3"]),
    st.integers().map(str),
    TEXT,
)
DATE = st.one_of(
    st.sampled_from(
        ["0001-01-01", "9999-12-31", "10000-01-01", "2022-02-30", "2022-13-01", "31/12/9999"]
    ),
    st.dates().map(lambda day: day.isoformat()),
    TEXT,
)
DATETIME = st.one_of(
    st.sampled_from(
        ["9999-12-31T23:59", "0001-01-01T00:00", "2022-04-21T25:00", "9999-12-31 23:59:59"]
    ),
    st.datetimes().map(lambda moment: moment.isoformat()[:16]),
    TEXT,
)


def one_of(*valid):
    """A valid value now and then, so the rest of the form is checked too."""
    return st.one_of(st.sampled_from([str(v) for v in valid]), TEXT)


def some_id(*valid):
    return st.one_of(st.sampled_from([str(v) for v in valid]), NUMBER)


def ids(*valid):
    return st.lists(some_id(*valid), max_size=3)


@dataclass
class Form:
    name: str
    role: str
    method: str
    path: object
    fields: object  # (world, cast) -> {field: strategy}


def at(template):
    return lambda w: template.format(h=w.health, j=w.january)


def csv_upload(cells):
    body = "texte;structure pilote;thème;échéance;avancement\n" + ";".join(cells) + "\n"
    return SimpleUploadedFile("import.csv", body.encode("utf-8", "surrogatepass"))


def xlsx_upload(cells):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Texte", "Structure pilote", "Thème", "Échéance", "Avancement"])
    workbook.active.append(["".join(ch for ch in cell if ch >= " ") for cell in cells])
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("import.xlsx", buffer.getvalue())


def recommendation_fields(w, c):
    return {
        "meeting": some_id(w.january.pk),
        "agenda_item": some_id(w.health.item.pk),
        "text": TEXT,
        "theme": some_id(*Theme.objects.values_list("pk", flat=True)),
        "lead_structure": some_id(c.health.pk),
        "contributors": ids(c.education.pk),
        "focal_person": some_id(c.dsi_health.pk),
        "priority": one_of("high", "low"),
        "due_date": DATE,
        "status": one_of("not_started", "blocked", "implemented"),
        "status_reason": TEXT,
        "progress": NUMBER,
    }


def ticket_fields(w, c):
    return {
        "title": TEXT,
        "description": TEXT,
        "category": some_id(*Category.objects.values_list("pk", flat=True)),
        "priority": some_id(*Priority.objects.values_list("pk", flat=True)),
        "recommendation": some_id(w.health.recommendation.pk),
    }


SITUATION_CHOICES = one_of("generalised", "partial", "not_started")
LIST_FILTERS = {
    "q": TEXT,
    "page": NUMBER,
    "sort": TEXT,
}

FORMS = [
    # Accounts
    Form(
        "login",
        "anonymous",
        "post",
        at("/accounts/login/"),
        lambda w, c: {"username": one_of(c.dsi_health.email), "password": TEXT, "next": TEXT},
    ),
    Form("login-next", "anonymous", "get", at("/accounts/login/"), lambda w, c: {"next": TEXT}),
    Form(
        "password_reset",
        "anonymous",
        "post",
        at("/accounts/password_reset/"),
        lambda w, c: {"email": one_of(c.dsi_health.email)},
    ),
    Form(
        "password_change",
        "dsi",
        "post",
        at("/accounts/password_change/"),
        lambda w, c: {"old_password": TEXT, "new_password1": TEXT, "new_password2": TEXT},
    ),
    Form(
        "profile",
        "dsi",
        "post",
        at("/accounts/profile/"),
        lambda w, c: {"first_name": TEXT, "last_name": TEXT, "job_title": TEXT, "phone": TEXT},
    ),
    Form(
        "directory",
        "dsi",
        "get",
        at("/accounts/directory/"),
        lambda w, c: {"q": TEXT, "structure": some_id(c.health.pk), "page": NUMBER},
    ),
    Form(
        "set_language",
        "dsi",
        "post",
        at("/i18n/setlang/"),
        lambda w, c: {"language": one_of("en", "fr"), "next": TEXT},
    ),
    # Meetings
    Form(
        "meeting_create",
        "secretariat",
        "post",
        at("/meetings/new/"),
        lambda w, c: {
            "title": TEXT,
            "kind": one_of("ordinary", "thematic"),
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "venue": TEXT,
            "chair": some_id(c.secretary_general.pk),
            "chair_name": TEXT,
            "moderator": some_id(c.secretariat.pk),
            "moderator_name": TEXT,
            "follows_up": some_id(w.january.pk),
            "description": TEXT,
        },
    ),
    Form(
        "meeting_edit",
        "secretariat",
        "post",
        at("/meetings/{h.meeting.pk}/edit/"),
        lambda w, c: {
            "title": TEXT,
            "kind": one_of("ordinary"),
            "venue": TEXT,
            "follows_up": some_id(w.january.pk),
            "description": TEXT,
        },
    ),
    Form(
        "postpone",
        "secretariat",
        "post",
        at("/meetings/{h.meeting.pk}/postpone/"),
        lambda w, c: {"starts_at": DATETIME, "ends_at": DATETIME, "reason": TEXT},
    ),
    Form(
        "cancel",
        "secretariat",
        "post",
        at("/meetings/{h.meeting.pk}/cancel/"),
        lambda w, c: {"reason": TEXT},
    ),
    Form(
        "agenda_add",
        "secretariat",
        "post",
        at("/meetings/{h.meeting.pk}/agenda/add/"),
        lambda w, c: {
            "title": TEXT,
            "presenter": some_id(c.dsi_health.pk),
            "presenter_structure": some_id(c.health.pk),
            "duration_minutes": NUMBER,
            "description": TEXT,
        },
    ),
    Form(
        "agenda_reorder",
        "secretariat",
        "post",
        at("/meetings/{h.meeting.pk}/agenda/reorder/"),
        lambda w, c: {"item": some_id(w.health.item.pk), "direction": one_of("up", "down")},
    ),
    Form(
        "invite",
        "secretariat",
        "post",
        at("/meetings/{h.meeting.pk}/invite/"),
        lambda w, c: {
            "kinds": st.lists(one_of("ministry"), max_size=2),
            "structures": ids(c.education.pk),
            "users": ids(c.agent.pk),
        },
    ),
    Form(
        "reply",
        "dsi",
        "post",
        at("/meetings/{h.meeting.pk}/reply/"),
        lambda w, c: {
            "response": one_of("attending", "declined", "delegated"),
            "delegate": some_id(c.dsi_education.pk),
        },
    ),
    Form(
        "attendance",
        "secretariat",
        "post",
        at("/meetings/{h.meeting.pk}/attendance/"),
        lambda w, c: {
            f"attendance-{w.health.meeting.invitations.get().pk}": one_of("present", "absent"),
            "attendance-²": TEXT,
        },
    ),
    Form(
        "attendance_add_late",
        "secretariat",
        "post",
        at("/meetings/{h.meeting.pk}/attendance/add/"),
        lambda w, c: {"user": some_id(c.agent.pk)},
    ),
    Form(
        "minutes_edit",
        "secretariat",
        "post",
        at("/meetings/{h.meeting.pk}/minutes/edit/"),
        lambda w, c: {"body": TEXT, "preview": one_of("1")},
    ),
    Form(
        "document_title",
        "secretariat",
        "post",
        at("/meetings/{h.meeting.pk}/documents/add/"),
        lambda w, c: {
            "title": TEXT,
            "agenda_item": some_id(w.health.item.pk),
            "file": st.just(None),
        },
    ),
    Form(
        "situation",
        "dsi",
        "post",
        at("/meetings/{h.meeting.pk}/situation/"),
        lambda w, c: {
            "staff_engineers": NUMBER,
            "staff_technicians": NUMBER,
            "staff_other": NUMBER,
            "email": SITUATION_CHOICES,
            "file_server": SITUATION_CHOICES,
            "e_conseil": SITUATION_CHOICES,
            "missions": SITUATION_CHOICES,
            "difficulties": TEXT,
            "proposals": TEXT,
        },
    ),
    Form(
        "meeting_list",
        "dsi",
        "get",
        at("/meetings/"),
        lambda w, c: {**LIST_FILTERS, "period": TEXT, "status": TEXT, "kind": TEXT, "year": NUMBER},
    ),
    Form("calendar", "dsi", "get", at("/meetings/calendar/"), lambda w, c: {"month": TEXT}),
    Form(
        "minutes_versions",
        "dsi",
        "get",
        at("/meetings/{j.pk}/minutes/versions/"),
        lambda w, c: {"a": NUMBER, "b": NUMBER},
    ),
    # Recommendations
    Form(
        "recommendation_create",
        "secretariat",
        "post",
        at("/recommendations/new/"),
        recommendation_fields,
    ),
    Form(
        "recommendation_edit",
        "secretariat",
        "post",
        at("/recommendations/{h.recommendation.pk}/edit/"),
        recommendation_fields,
    ),
    Form(
        "update",
        "dsi",
        "post",
        at("/recommendations/{h.recommendation.pk}/update/"),
        lambda w, c: {
            "status": one_of("in_progress", "implemented", "blocked"),
            "progress": NUMBER,
            "comment": TEXT,
            "status_reason": TEXT,
        },
    ),
    Form(
        "update_reject",
        "secretariat",
        "post",
        at("/recommendations/updates/{h.update.pk}/reject/"),
        lambda w, c: {"reason": TEXT, "next": TEXT},
    ),
    Form(
        "update_validate",
        "secretariat",
        "post",
        at("/recommendations/updates/{h.update.pk}/validate/"),
        lambda w, c: {"next": st.one_of(TEXT, TEXT.map(lambda t: "/recommendations/" + t))},
    ),
    Form(
        "update_reviewed",
        "secretariat",
        "post",
        at("/recommendations/updates/{h.update.pk}/reviewed/"),
        lambda w, c: {"meeting": some_id(w.health.meeting.pk)},
    ),
    Form(
        "recommendation_list",
        "dsi",
        "get",
        at("/recommendations/"),
        lambda w, c: {
            **LIST_FILTERS,
            "year": NUMBER,
            "meeting": NUMBER,
            "theme": NUMBER,
            "structure": NUMBER,
            "lead_only": TEXT,
            "lead": NUMBER,
            "status": TEXT,
            "overdue": TEXT,
            "stale": TEXT,
            "due_after": DATE,
            "due_before": DATE,
        },
    ),
    Form(
        "recommendation_export",
        "dsi",
        "get",
        at("/recommendations/export.csv"),
        lambda w, c: {
            "q": TEXT,
            "status": TEXT,
            "due_after": DATE,
            "due_before": DATE,
            "sort": TEXT,
        },
    ),
    Form(
        "import_csv",
        "secretariat",
        "post",
        at("/recommendations/import/"),
        lambda w, c: {
            "meeting": some_id(w.january.pk),
            "file": st.lists(TEXT, min_size=5, max_size=5).map(csv_upload),
        },
    ),
    Form(
        "import_xlsx",
        "secretariat",
        "post",
        at("/recommendations/import/"),
        lambda w, c: {
            "meeting": some_id(w.january.pk),
            "file": st.lists(st.one_of(TEXT, DATE, NUMBER), min_size=5, max_size=5).map(
                xlsx_upload
            ),
        },
    ),
    Form(
        "import_confirm",
        "secretariat",
        "post",
        at("/recommendations/import/"),
        lambda w, c: {"step": one_of("confirm"), "token": TEXT},
    ),
    # Helpdesk
    Form("ticket_new", "dsi", "post", at("/helpdesk/new/"), ticket_fields),
    Form(
        "ticket_reply",
        "dsi",
        "post",
        at("/helpdesk/{h.ticket.reference}/reply/"),
        lambda w, c: {"body": TEXT, "is_internal": TEXT, "canned": TEXT},
    ),
    Form(
        "ticket_reply_agent",
        "agent",
        "post",
        at("/helpdesk/{h.ticket.reference}/reply/"),
        lambda w, c: {
            "body": TEXT,
            "is_internal": one_of("on"),
            "canned": TEXT,
            "insert": one_of("1"),
        },
    ),
    Form(
        "triage",
        "agent",
        "post",
        at("/helpdesk/{h.ticket.reference}/triage/"),
        lambda w, c: {
            "priority": some_id(*Priority.objects.values_list("pk", flat=True)),
            "category": some_id(*Category.objects.values_list("pk", flat=True)),
        },
    ),
    Form(
        "assign",
        "agent",
        "post",
        at("/helpdesk/{h.ticket.reference}/assign/"),
        lambda w, c: {"assignee": some_id(c.agent.pk, "")},
    ),
    Form(
        "status",
        "agent",
        "post",
        at("/helpdesk/{h.ticket.reference}/status/"),
        lambda w, c: {"status": one_of("open", "resolved", "new")},
    ),
    Form(
        "merge",
        "agent",
        "post",
        at("/helpdesk/{h.ticket.reference}/merge/"),
        lambda w, c: {"into": one_of(w.health.resolved_ticket.reference), "confirm": TEXT},
    ),
    Form(
        "rate",
        "dsi",
        "post",
        at("/helpdesk/{h.resolved_ticket.reference}/rate/"),
        lambda w, c: {"satisfaction": NUMBER, "comment": TEXT},
    ),
    Form(
        "bulk",
        "agent",
        "post",
        at("/helpdesk/bulk/"),
        lambda w, c: {
            "tickets": ids(w.health.ticket.pk),
            "action": one_of("assign", "status"),
            "assignee": some_id(c.agent.pk),
            "status": one_of("open"),
            "next": TEXT,
        },
    ),
    Form(
        "queue",
        "agent",
        "get",
        at("/helpdesk/"),
        lambda w, c: {
            **LIST_FILTERS,
            "view": TEXT,
            "category": NUMBER,
            "priority": NUMBER,
            "assignee": NUMBER,
            "structure": NUMBER,
            "sla": TEXT,
            "status": TEXT,
            "created_after": DATE,
            "created_before": DATE,
        },
    ),
    Form(
        "my_tickets",
        "dsi",
        "get",
        at("/helpdesk/"),
        lambda w, c: {"q": TEXT, "status": TEXT, "page": NUMBER},
    ),
]


def _without_none(values):
    return {key: value for key, value in values.items() if value is not None}


@pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])
@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_hostile_input_gets_a_form_error_or_a_success_never_a_500(client, cast, world, form, data):
    visitor = Visitor(client, user_for(cast, form.role))
    values = data.draw(st.fixed_dictionaries(form.fields(world, cast)), label="values")
    if form.name == "document_title":
        values["file"] = pdf()
    with rolled_back():
        answer = visitor.request(form.method, form.path(world), _without_none(values))
    assert not str(answer).startswith("500"), f"{form.name}: {answer}"


# Found by the test above in the queue (issue 13): a search of thousands of words built a
# condition too deep for SQLite ("Expression tree is too large"), and PostgreSQL refuses NUL.
# Hypothesis cannot replay an @example through st.data(), so these draws are pinned here and
# tried on every run, in every list with a search box.
PINNED_SEARCHES = {
    "5000 words": " ".join(["imprimante"] * 5000),
    "NUL and control characters": "a\x00b \x01\x07\x1b[31mrouge\x7f\x85",
}
SEARCH_BOXES = ["queue", "my_tickets", "directory", "meeting_list", "recommendation_list"]


@pytest.mark.parametrize("search", PINNED_SEARCHES.values(), ids=list(PINNED_SEARCHES))
@pytest.mark.parametrize("name", SEARCH_BOXES)
def test_a_pinned_hostile_search_gets_its_list_never_a_500(client, cast, world, name, search):
    form = next(form for form in FORMS if form.name == name)
    visitor = Visitor(client, user_for(cast, form.role))
    with rolled_back():
        answer = visitor.request(form.method, form.path(world), {"q": search})
    assert answer == 200, f"{form.name}: {answer}"


@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.one_of(TEXT, st.binary(max_size=50).map(lambda b: b.decode("latin-1"))))
def test_a_hostile_json_reorder_answers_400_never_a_500(client, cast, world, body):
    visitor = Visitor(client, cast.secretariat)
    with rolled_back():
        answer = visitor.request(
            "post",
            f"/meetings/{world.health.meeting.pk}/agenda/reorder/",
            body.encode("utf-8", "surrogatepass"),
            content_type="application/json",
        )
    assert answer in (200, 400), answer


@pytest.mark.parametrize("year", ["0", "-5", "10000", "1.5", "99999999999"])
def test_a_year_out_of_range_in_the_meetings_filter_is_a_form_error(client, cast, year):
    """Found by the test above: ``?year=0`` crashed the meetings list (year 0 does not exist)."""
    client.force_login(cast.dsi_health)
    response = client.get("/meetings/", {"year": year})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["year"]


@pytest.mark.parametrize("when", ["9999-12-31T23:59", "0001-01-01T00:00", "1899-12-31T09:00"])
def test_a_meeting_dated_out_of_range_is_refused_and_calendars_keep_working(
    client, cast, world, when
):
    """Found by probing: a meeting created or postponed to 31/12/9999 at 23:59 crashed its
    .ics and the personal calendar feed of every participant (its end overflowed the dates)."""
    client.force_login(cast.secretariat)
    created = client.post(
        "/meetings/new/", {"title": "Hors limites", "kind": "ordinary", "starts_at": when}
    )
    postponed = client.post(f"/meetings/{world.health.meeting.pk}/postpone/", {"starts_at": when})
    ends = client.post(
        f"/meetings/{world.health.meeting.pk}/postpone/",
        {"starts_at": "2022-04-28T09:00", "ends_at": when},
    )

    assert "starts_at" in created.context["form"].errors
    assert "starts_at" in postponed.context["form"].errors
    assert "ends_at" in ends.context["form"].errors
    assert client.get(f"/meetings/{world.health.meeting.pk}/event.ics").status_code == 200
    assert client.get(f"/meetings/feed/{world.feeds['dsi']}.ics").status_code == 200


@pytest.mark.parametrize("meeting", ["²", "①", "٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣٣"])
def test_a_session_that_only_looks_like_a_number_is_refused_with_a_message(
    client, cast, world, meeting
):
    """Found by probing: "²" passes str.isdigit() but is not a number, and crashed the
    "reviewed at" action."""
    client.force_login(cast.secretariat)
    response = client.post(
        f"/recommendations/updates/{world.health.update.pk}/reviewed/", {"meeting": meeting}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("key", ["attendance-²", "attendance-99999999999999999999"])
def test_an_attendance_field_with_a_strange_number_is_ignored(client, cast, world, key):
    """Found by probing: a field named "attendance-²" crashed the attendance register."""
    client.force_login(cast.secretariat)
    response = client.post(f"/meetings/{world.health.meeting.pk}/attendance/", {key: "present"})
    assert response.status_code in (200, 302)


HUGE = "99999999999999999999"


@pytest.mark.parametrize("huge", [HUGE, "-" + HUGE])
def test_ids_beyond_what_a_database_holds_are_a_form_error(client, cast, world, huge):
    """Found on SQLite (the embedded default): ids past 64 bits in a multiple choice raised
    OverflowError (PostgreSQL finds nothing and the form says so)."""
    client.force_login(cast.secretariat)
    invite = client.post(f"/meetings/{world.health.meeting.pk}/invite/", {"structures": [huge]})
    assert "structures" in invite.context["form"].errors
    body = {"text": "Texte", "contributors": [huge]}
    edit = client.post(f"/recommendations/{world.health.recommendation.pk}/edit/", body)
    assert "contributors" in edit.context["form"].errors
    client.force_login(cast.agent)
    bulk = client.post("/helpdesk/bulk/", {"tickets": [huge], "action": "status", "status": "open"})
    assert bulk.status_code == 302
