"""The members' reading view: notes on documents and watch words."""

from django.urls import path

from . import views

app_name = "reading"

urlpatterns = [
    path("lasplatta/", views.overview, name="overview"),
    path("lasplatta/sammantraden/<int:pk>/", views.meeting, name="meeting"),
    path("lasplatta/dokument/<int:pk>/", views.document, name="document"),
    path("lasplatta/dokument/<int:pk>/fil/", views.document_file, name="document_file"),
    path("lasplatta/anteckningar/<int:pk>/", views.note, name="note"),
    path("lasplatta/bevakning/", views.watch, name="watch"),
    path("lasplatta/offline.json", views.offline_manifest, name="offline_manifest"),
    path("lasplatta/sw.js", views.service_worker, name="service_worker"),
]
