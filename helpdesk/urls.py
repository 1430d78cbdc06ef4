from django.urls import path

from .views import canned, exports, queue, stats, tickets

app_name = "helpdesk"

urlpatterns = [
    # The DSI's tickets of their structure, or the agents' queue (DESIGN.md).
    path("", queue.index, name="index"),
    path("bulk/", queue.bulk_action, name="bulk"),
    path("new/", tickets.ticket_new, name="new"),
    path("stats/", stats.statistics, name="stats"),
    # Before the tickets' addresses: "canned" is not a reference.
    path("canned/", canned.canned_list, name="canned_list"),
    path("canned/new/", canned.canned_new, name="canned_new"),
    path("canned/<int:pk>/", canned.canned_edit, name="canned_edit"),
    path("canned/<int:pk>/delete/", canned.canned_delete, name="canned_delete"),
    path("attachments/<int:pk>/", tickets.attachment_download, name="attachment"),
    path("<str:reference>/", tickets.ticket_detail, name="ticket"),
    path("<str:reference>/reply/", tickets.ticket_reply, name="reply"),
    path("<str:reference>/take/", tickets.ticket_take, name="take"),
    path("<str:reference>/assign/", tickets.ticket_assign, name="assign"),
    path("<str:reference>/triage/", tickets.ticket_triage, name="triage"),
    path("<str:reference>/status/", tickets.ticket_status, name="status"),
    path("<str:reference>/merge/", tickets.ticket_merge, name="merge"),
    path("<str:reference>/confirm/", tickets.ticket_confirm, name="confirm"),
    path("<str:reference>/reopen/", tickets.ticket_reopen, name="reopen"),
    path("<str:reference>/rate/", tickets.ticket_rate, name="rate"),
    path("<str:reference>/export.pdf", exports.ticket_pdf, name="ticket_pdf"),
]
