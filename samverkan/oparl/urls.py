from django.urls import path

from . import views

app_name = "oparl"

urlpatterns = [
    path("v1.1/", views.system, name="system"),
    path("v1.1/body/", views.bodies, name="bodies"),
    path("v1.1/body/<int:pk>/", views.body, name="body"),
    path("v1.1/body/<int:body>/<str:kind>/", views.object_list, name="list"),
    path("v1.1/<str:kind>/<int:pk>/", views.object_detail, name="object"),
    path("v1.1/<str:kind>/<int:pk>/download/", views.download, name="download"),
]
