from django.urls import path

from .views import dashboard, exports, imports, pages, validation

app_name = "recommendations"

urlpatterns = [
    path("", pages.recommendation_list, name="list"),
    path("mine/", pages.my_recommendations, name="mine"),
    path("new/", pages.recommendation_form, name="create"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("validations/", validation.validation_queue, name="validations"),
    path("import/", imports.import_upload, name="import"),
    path("export.xlsx", exports.export_xlsx, name="export_xlsx"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path("report/<int:meeting_id>.pdf", exports.report_pdf, name="report_pdf"),
    path("report/<int:meeting_id>.xlsx", exports.report_xlsx, name="report_xlsx"),
    path("evidence/<int:pk>/", pages.evidence_download, name="evidence"),
    path("updates/<int:pk>/validate/", validation.update_validate, name="update_validate"),
    path("updates/<int:pk>/reject/", validation.update_reject, name="update_reject"),
    path("updates/<int:pk>/resubmit/", pages.update_resubmit, name="update_resubmit"),
    path("updates/<int:pk>/reviewed/", validation.update_mark_reviewed, name="update_reviewed"),
    path("<int:pk>/", pages.recommendation_detail, name="detail"),
    path("<int:pk>/edit/", pages.recommendation_form, name="edit"),
    path("<int:pk>/update/", pages.update_form, name="update"),
]
