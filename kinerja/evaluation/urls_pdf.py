from django.urls import path

from . import views_pdf as v

urlpatterns = [
    path("<int:pk>/dokumen.pdf", v.evaluation_pdf, name="pdf"),
    path("dokumen/massal/", v.evaluation_pdf_batch, name="pdf_batch"),
    path(
        "dokumen/massal/<int:pk>/unduh/",
        v.evaluation_pdf_batch_download,
        name="pdf_batch_download",
    ),
]
