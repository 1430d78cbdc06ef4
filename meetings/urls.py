from django.urls import path

from .views import agenda, calendar, documents, invitations, meetings, minutes, situations

app_name = "meetings"

urlpatterns = [
    path("", meetings.meeting_list, name="list"),
    path("new/", meetings.meeting_form, name="create"),
    path("attendance/", invitations.attendance_statistics, name="attendance_statistics"),
    path("calendar/", calendar.month_view, name="calendar"),
    path("feed/", calendar.feed_settings, name="feed"),
    path("feed/rotate/", calendar.feed_rotate, name="feed_rotate"),
    path("feed/<str:token>.ics", calendar.personal_feed, name="personal_feed"),
    path("<int:pk>/event.ics", calendar.meeting_ics, name="ics"),
    path("<int:pk>/situation/", situations.situation_form, name="situation"),
    path("<int:pk>/situations/", situations.situations, name="situations"),
    path("<int:pk>/situations.xlsx", situations.situations_xlsx, name="situations_xlsx"),
    path("<int:pk>/", meetings.meeting_detail, name="detail"),
    path("<int:pk>/edit/", meetings.meeting_form, name="edit"),
    path("<int:pk>/duplicate/", meetings.meeting_duplicate, name="duplicate"),
    path("<int:pk>/postpone/", meetings.meeting_postpone, name="postpone"),
    path("<int:pk>/cancel/", meetings.meeting_cancel, name="cancel"),
    path("<int:pk>/held/", meetings.meeting_mark_held, name="held"),
    path("<int:pk>/agenda/add/", agenda.agenda_item_form, name="agenda_add"),
    path("<int:pk>/agenda/reorder/", agenda.agenda_reorder, name="agenda_reorder"),
    path("<int:pk>/agenda/<int:item_pk>/edit/", agenda.agenda_item_form, name="agenda_edit"),
    path("<int:pk>/agenda/<int:item_pk>/delete/", agenda.agenda_item_delete, name="agenda_delete"),
    path("<int:pk>/invite/", invitations.invite, name="invite"),
    path("<int:pk>/replies/", invitations.replies, name="replies"),
    path("<int:pk>/reply/", invitations.reply, name="reply"),
    path("<int:pk>/attendance/", invitations.attendance, name="attendance"),
    path("<int:pk>/attendance/add/", invitations.attendance_add_late, name="attendance_add_late"),
    path("<int:pk>/minutes/edit/", minutes.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/publish/", minutes.minutes_publish, name="minutes_publish"),
    path("<int:pk>/minutes/approve-previous/", minutes.minutes_approve, name="minutes_approve"),
    path("<int:pk>/minutes/versions/", minutes.minutes_versions, name="minutes_versions"),
    path("<int:pk>/minutes.pdf", minutes.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/documents/add/", documents.document_upload, name="document_upload"),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        documents.document_download,
        name="document_download",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/delete/",
        documents.document_delete,
        name="document_delete",
    ),
]
