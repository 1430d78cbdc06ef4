"""Fatimata (the Secretariat) imports the January 2022 session's recommendations from a file:
reading Excel and CSV files, and the preview that lists every error with its row number."""

import zipfile
from datetime import date, datetime
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

from recommendations.models import Change, Recommendation, Status

from .importing import HEADERS, confirm, csv_file, errors_by_row, flash, upload, xlsx


def test_a_valid_xlsx_is_previewed_then_imported_with_generated_references(
    cast, login, january_session, themes
):
    client = login(cast.secretariat)
    file = xlsx(
        [
            [
                None,
                "Généraliser la messagerie",
                "MS",
                "Messagerie professionnelle",
                datetime(2022, 6, 30),
                "En cours",
                0.4,
            ],
            [
                "",
                "Former les agents au circuit",
                "Ministère de l'Éducation nationale",
                "circuit integre des missions",
                "2022-09-30",
                "non démarrée",
                None,
            ],
        ],
        percent_column=7,
    )

    preview = upload(client, january_session, file)

    assert preview.status_code == 200
    assert preview.context["preview"].is_valid
    assert "Confirmer l'import" in preview.content.decode()
    assert not Recommendation.objects.exists()

    done = confirm(client, preview.context["token"])

    assert done.status_code == 302
    # (French counts zero as singular once the catalogue has the message: not asserted here.)
    assert flash(done)[-1].startswith("2 recommandations importées (2 créées, ")
    first, second = Recommendation.objects.order_by("reference")
    assert (first.reference, second.reference) == ("R-2022-01-01", "R-2022-01-02")
    assert (first.lead_structure, first.theme.name) == (cast.health, "Messagerie professionnelle")
    assert (first.due_date, first.status, first.progress) == (
        date(2022, 6, 30),
        Status.IN_PROGRESS,
        40,
    )
    assert (second.lead_structure, second.theme.name) == (
        cast.education,
        "Circuit intégré des missions",
    )
    assert (second.due_date, second.status, second.progress) == (
        date(2022, 9, 30),
        Status.NOT_STARTED,
        0,
    )
    assert Change.objects.filter(recommendation=first, actor=cast.secretariat).exists()


def test_a_csv_with_semicolons_and_a_bom_is_imported(cast, login, january_session):
    client = login(cast.secretariat)
    file = csv_file(
        "référence;TEXTE;structure pilote;theme;echeance;statut;avancement (%)\r\n"
        ';"Ouvrir le serveur de fichiers; puis former";ms;SERVEUR DE FICHIERS;'
        "15/07/2022;in_progress;25 %\r\n"
    )

    preview = upload(client, january_session, file)
    assert preview.context["preview"].is_valid, errors_by_row(preview)
    confirm(client, preview.context["token"])

    imported = Recommendation.objects.get()
    assert imported.text == "Ouvrir le serveur de fichiers; puis former"
    assert (imported.lead_structure, imported.theme.name) == (cast.health, "Serveur de fichiers")
    assert (imported.due_date, imported.status, imported.progress) == (
        date(2022, 7, 15),
        Status.IN_PROGRESS,
        25,
    )


def test_a_csv_with_commas_without_bom_is_imported(cast, login, january_session):
    client = login(cast.secretariat)
    file = csv_file(
        "texte,structure pilote,thème,échéance\n"
        '"Dématérialiser, enfin, le Conseil",MENA,e-Conseil des Ministres,2022-12-31\n',
        bom=False,
    )

    preview = upload(client, january_session, file)
    confirm(client, preview.context["token"])

    imported = Recommendation.objects.get()
    assert (imported.text, imported.lead_structure) == (
        "Dématérialiser, enfin, le Conseil",
        cast.education,
    )
    assert imported.due_date == date(2022, 12, 31)


def test_missing_required_columns_are_named(cast, login, january_session):
    client = login(cast.secretariat)

    response = upload(
        client, january_session, csv_file("référence;statut\nR-2022-01-01;En cours\n")
    )

    message = response.context["form"].errors["file"][0]
    assert message.startswith(
        "Colonnes obligatoires absentes : « texte », « structure pilote », « thème »."
    )
    assert response.context["preview"] is None


def test_malformed_rows_save_nothing_and_every_error_is_listed_with_its_row_number(
    cast, login, january_session, make_recommendation
):
    make_recommendation()  # R-2022-01-01
    client = login(cast.secretariat)
    theme = "Messagerie professionnelle"
    file = xlsx(
        [
            ["", "Structure inconnue", "MINISTERE-X", theme, "30/06/2022", "En cours", 10],
            ["", "Date impossible", "MS", theme, "31/02/2022", "En cours", 10],
            ["R-2022-01-01", "Mise à jour", "MS", theme, "30/06/2022", "En cours", 10],
            ["r-2022-01-01", "Référence en double", "MS", theme, "30/06/2022", "En cours", 10],
            ["", "Statut inconnu", "MS", theme, "30/06/2022", "Terminée", 10],
            ["", "Trop avancée", "MS", theme, "30/06/2022", "En cours", 150],
            ["", "Thème inconnu", "MS", "Cybersécurité", "30/06/2022", "En cours", 10],
            ["R-2022-01-99", "Référence inconnue", "MS", theme, None, None, None],
            ["", "", "", "", "demain", "", "moitié"],
        ]
    )

    response = upload(client, january_session, file)

    errors = errors_by_row(response)
    assert sorted(errors) == [2, 3, 5, 6, 7, 8, 9, 10]
    assert errors[2] == [
        "Structure pilote « MINISTERE-X » inconnue : indiquez le sigle (par exemple MS) ou le "
        "nom complet d'une structure enregistrée sur le portail."
    ]
    assert errors[3] == [
        "Échéance « 31/02/2022 » invalide : écrivez une date au format JJ/MM/AAAA (par exemple "
        "30/06/2022) ou AAAA-MM-JJ."
    ]
    assert errors[5] == [
        "La référence R-2022-01-01 figure déjà à la ligne 4 : une recommandation ne peut "
        "apparaître qu'une fois dans le fichier."
    ]
    assert errors[6] == [
        "Statut « Terminée » inconnu : écrivez l'un de ces statuts : Non démarrée, En cours, "
        "Mise en œuvre, Abandonnée, Bloquée."
    ]
    assert errors[7] == [
        "Avancement « 150 » invalide : indiquez un pourcentage entier entre 0 et 100, par "
        "exemple 50."
    ]
    assert errors[8] == [
        "Thème « Cybersécurité » inconnu. Thèmes connus : Circuit intégré des missions, "
        "e-Conseil des Ministres, Messagerie professionnelle, Serveur de fichiers."
    ]
    assert errors[9][0].startswith("Référence « R-2022-01-99 » inconnue : laissez la cellule")
    assert len(errors[10]) == 5  # text, structure, theme, date and progress: all of them at once
    page = response.content.decode()
    assert "Le fichier contient 12 erreurs : rien ne peut être importé." in page
    assert "Corrigez le fichier puis déposez-le à nouveau." in page
    assert 'data-row="5"' in page
    assert "Confirmer l'import" not in page
    assert response.context["token"] is None
    assert Recommendation.objects.count() == 1
    assert Recommendation.objects.get().text == "Généraliser la messagerie professionnelle"


def test_a_blocked_status_without_a_reason_is_refused_at_preview(cast, login, january_session):
    client = login(cast.secretariat)
    headers = [*HEADERS, "Motif"]
    theme = "Serveur de fichiers"
    file = xlsx(
        [
            ["", "Acheter le serveur", "MS", theme, None, "Bloquée", 10, ""],
            ["", "Installer le serveur", "MS", theme, None, "Bloquée", 10, "Budget non voté"],
        ],
        headers=headers,
    )

    response = upload(client, january_session, file)

    assert list(errors_by_row(response)) == [2]
    assert "demande un motif" in errors_by_row(response)[2][0]


def test_a_reference_of_another_session_is_refused(
    cast, login, january_session, april_session, make_recommendation
):
    make_recommendation(meeting=april_session)  # R-2022-02-01
    client = login(cast.secretariat)
    file = csv_file(
        "référence;texte;structure pilote;thème\nR-2022-02-01;A;MS;Serveur de fichiers\n"
    )

    response = upload(client, january_session, file)

    assert errors_by_row(response) == {
        2: [
            "La référence R-2022-02-01 appartient à la session « 2ème rencontre 2022 entre le "
            "MTDPCE et les DSI », pas à la session choisie."
        ]
    }


def test_cell_contents_are_shown_escaped_in_the_preview(cast, login, january_session):
    client = login(cast.secretariat)
    file = csv_file("texte;structure pilote;thème\n<b>gras</b>;<script>x()</script>;Serveur\n")

    page = upload(client, january_session, file).content.decode()

    assert "<script>x()</script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;" in page
    assert "&lt;b&gt;gras&lt;/b&gt;" in page


def test_a_file_with_too_many_rows_is_refused(cast, login, january_session, monkeypatch):
    monkeypatch.setattr("recommendations.imports.reading.MAX_ROWS", 2)
    client = login(cast.secretariat)
    rows = "".join(f"R{n};MS;Serveur de fichiers\n" for n in range(3))

    response = upload(client, january_session, csv_file("texte;structure pilote;thème\n" + rows))

    assert response.context["form"].errors["file"] == [
        "Le fichier compte plus de 2 lignes : découpez-le en plusieurs fichiers."
    ]


def test_a_damaged_workbook_is_refused_with_a_message(cast, login, january_session):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "pas du XML")
    client = login(cast.secretariat)

    response = upload(client, january_session, SimpleUploadedFile("abime.xlsx", buffer.getvalue()))

    assert response.context["form"].errors["file"][0].startswith("Le fichier n'a pas pu être lu.")


TOO_LARGE = "Ce classeur est trop volumineux pour un import de 1000 recommandations au plus"


def test_a_workbook_that_inflates_far_beyond_its_size_is_refused_before_it_is_read(
    cast, login, january_session
):
    """A few kilobytes that decompress to more than XLSX_MAX_UNCOMPRESSED_BYTES (a sheet of
    millions of empty rows, or a forged part) are refused from the sizes the archive declares."""
    from recommendations.imports.reading import XLSX_MAX_UNCOMPRESSED_BYTES

    small = xlsx([[None, "Généraliser la messagerie", "MS", "Messagerie professionnelle"]])
    buffer = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(small.read())) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as inflated,
    ):
        for part in source.infolist():
            inflated.writestr(part, source.read(part))
        inflated.writestr("xl/media/vide.bin", b"\0" * (XLSX_MAX_UNCOMPRESSED_BYTES + 1))
    assert len(buffer.getvalue()) < 200_000
    client = login(cast.secretariat)

    response = upload(client, january_session, SimpleUploadedFile("gonfle.xlsx", buffer.getvalue()))

    assert response.context["form"].errors["file"][0].startswith(TOO_LARGE)


def test_empty_rows_count_so_a_sheet_formatted_to_its_last_row_is_refused_early(
    cast, login, january_session, monkeypatch
):
    from openpyxl import Workbook

    monkeypatch.setattr("recommendations.imports.reading.MAX_SCANNED_ROWS", 50)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    sheet.append([None, "Généraliser la messagerie", "MS", "Messagerie professionnelle"])
    for row in range(3, 80):  # empty, but formatted: stored in the file
        sheet.cell(row=row, column=1).number_format = "0%"
    buffer = BytesIO()
    workbook.save(buffer)
    client = login(cast.secretariat)

    response = upload(client, january_session, SimpleUploadedFile("vide.xlsx", buffer.getvalue()))

    assert response.context["form"].errors["file"][0].startswith(TOO_LARGE)


def test_a_text_over_the_forms_limit_is_refused_in_the_preview(cast, login, january_session):
    from core.text import RECOMMENDATION_MAX_CHARS

    long_text = "Généraliser " * (RECOMMENDATION_MAX_CHARS // 12 + 1)
    file = xlsx([[None, long_text, "MS", "Messagerie professionnelle"]])
    preview = upload(login(cast.secretariat), january_session, file)
    assert not preview.context["preview"].is_valid
    [errors] = errors_by_row(preview).values()
    assert any(f"la limite est de {RECOMMENDATION_MAX_CHARS}" in error for error in errors)
