"""Files the recommendations' tests attach as evidence."""

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_file(name="preuve.pdf"):
    return SimpleUploadedFile(name, PDF)
