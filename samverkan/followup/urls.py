from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("uppfoljning/", views.overview, name="overview"),
    path("uppfoljning/arsrapport/<int:year>/", views.structure_report, name="structure_report"),
    path(
        "uppfoljning/arsrapport/<int:year>/arsrapport.pdf",
        views.structure_report,
        {"fmt": "pdf"},
        name="structure_report_pdf",
    ),
    path(
        "uppfoljning/arsrapport/<int:year>/arsrapport.docx",
        views.structure_report,
        {"fmt": "docx"},
        name="structure_report_docx",
    ),
    path("organ/<slug:slug>/uppfoljning/", views.dashboard, name="dashboard"),
    path("organ/<slug:slug>/uppdrag/", views.body_assignments, name="body_assignments"),
    path("organ/<slug:slug>/uppdrag/forsenade/", views.body_overdue, name="overdue"),
    path("organ/<slug:slug>/arsrapport/<int:year>/", views.body_report, name="body_report"),
    path(
        "organ/<slug:slug>/arsrapport/<int:year>/arsrapport.pdf",
        views.body_report,
        {"fmt": "pdf"},
        name="body_report_pdf",
    ),
    path(
        "organ/<slug:slug>/arsrapport/<int:year>/arsrapport.docx",
        views.body_report,
        {"fmt": "docx"},
        name="body_report_docx",
    ),
    path("uppdrag/<int:pk>/", views.assignment_detail, name="assignment"),
    path("uppdrag/<int:pk>/andra/", views.assignment_edit, name="assignment_edit"),
    path("uppdrag/<int:pk>/lagesrapport/", views.progress_report, name="progress_report"),
    path("uppdrag/<int:pk>/deluppdrag/", views.sub_assignment_create, name="sub_assignment"),
    path(
        "uppdrag/ny/<str:kind>/<int:pk>/",
        views.assignment_create,
        name="assignment_create",
    ),
]
