from django.urls import path

from . import views

app_name = "importer"
urlpatterns = [
    path("import/", views.upload, name="upload"),
    path("import/granska/", views.preview_page, name="preview"),
    path("import/personer/", views.persons, name="persons"),
]
