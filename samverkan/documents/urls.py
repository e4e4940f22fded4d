from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("dokument/<int:pk>/", views.document_download, name="download"),
    path("dokument/<int:pk>/versioner/", views.document_detail, name="detail"),
]
