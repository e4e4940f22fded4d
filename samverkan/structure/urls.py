from django.urls import path

from . import views

app_name = "structure"

urlpatterns = [
    path("", views.home, name="home"),
    path("organ/<slug:slug>/", views.body_detail, name="body"),
    path("personer/<slug:slug>/", views.person_detail, name="person"),
    path("parter/", views.party_list, name="parties"),
    path("parter/<slug:slug>/", views.party_detail, name="party"),
    path("logotyp", views.collaboration_logo, name="logo"),
]
