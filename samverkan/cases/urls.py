from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("arenden/", views.case_list, name="cases"),
    path("arenden/<str:code>/<int:number>/<int:year>/", views.case_detail, name="case"),
    path("diarium/", views.registry, name="registry"),
    path("rekommendationer/", views.recommendation_matrix, name="matrix"),
    path("rekommendationer/<int:pk>/", views.recommendation_detail, name="recommendation"),
]
