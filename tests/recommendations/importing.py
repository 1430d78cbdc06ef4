"""What the import tests share: files built in memory, and the two steps of the import page."""

from io import BytesIO

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

URL = reverse("recommendations:import")
HEADERS = ["Référence", "Texte", "Structure pilote", "Thème", "Échéance", "Statut", "Avancement"]


def xlsx(rows, headers=HEADERS, percent_column=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    if percent_column:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=percent_column, max_col=percent_column):
            cell.number_format = "0%"
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("recommandations.xlsx", buffer.getvalue())


def csv_file(text, bom=True):
    return SimpleUploadedFile("recommandations.csv", text.encode("utf-8-sig" if bom else "utf-8"))


def upload(client, meeting, file):
    return client.post(URL, {"meeting": meeting.pk, "file": file})


def confirm(client, token):
    data = {"step": "confirm"} if token is None else {"step": "confirm", "token": token}
    return client.post(URL, data)


def errors_by_row(response):
    return {row.number: row.errors for row in response.context["preview"].rows if row.errors}


def flash(response):
    return [str(message) for message in get_messages(response.wsgi_request)]
