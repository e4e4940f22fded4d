from django.urls import path

from . import views

app_name = "preparation"

urlpatterns = [
    path("beredning/", views.overview, name="overview"),
    path("beredning/ny/", views.create, name="create"),
    path("beredning/<int:pk>/", views.detail, name="detail"),
    path("beredning/<int:pk>/andra/", views.edit, name="edit"),
    path("beredning/<int:pk>/handling/", views.document_add, name="document_add"),
    path("beredning/<int:pk>/skicka/", views.submit, name="submit"),
    path("beredning/<int:pk>/granska/", views.review, name="review"),
    path("beredning/<int:pk>/placera/", views.place, name="place"),
    path("organ/<slug:slug>/beredning/", views.body_queues, name="body"),
    path("organ/<slug:slug>/granskare/", views.reviewers, name="reviewers"),
]
