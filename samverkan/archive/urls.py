from django.urls import path

from . import views

app_name = "archive"
urlpatterns = [
    path("arkiv/", views.exports, name="exports"),
    path("arkiv/<int:pk>/hamta/", views.download, name="download"),
]
