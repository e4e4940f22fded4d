from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("arenden/", views.case_list, name="cases"),
    path("arenden/<str:code>/<int:number>/<int:year>/", views.case_detail, name="case"),
    path("arenden/<str:code>/<int:number>/<int:year>/andra/", views.case_edit, name="case_edit"),
    path(
        "arenden/<str:code>/<int:number>/<int:year>/behandling/",
        views.handling_add,
        name="handling_add",
    ),
    path(
        "arenden/<str:code>/<int:number>/<int:year>/beslut/",
        views.decision_add,
        name="decision_add",
    ),
    path(
        "arenden/<str:code>/<int:number>/<int:year>/beslut/<int:decision>/rekommendation/",
        views.recommendation_issue,
        name="recommendation_issue",
    ),
    path("arendegangar/", views.flows, name="flows"),
    path("arendegangar/<int:pk>/", views.flow_edit, name="flow"),
    path("registraturadresser/", views.party_addresses, name="party_addresses"),
    path("registraturadresser/<slug:slug>/", views.party_address, name="party_address"),
    path("diarium/", views.registry, name="registry"),
    path("rekommendationer/", views.recommendation_matrix, name="matrix"),
    path("rekommendationer/<int:pk>/", views.recommendation_detail, name="recommendation"),
]
