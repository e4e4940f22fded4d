from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("gallring/", views.overview, name="overview"),
    path("gallring/regler/ny/", views.rule_new, name="rule_new"),
    path("gallring/korningar/<int:pk>/", views.run_detail, name="run"),
    path("gallring/handlingar/<int:pk>/", views.classify, name="classify"),
]
