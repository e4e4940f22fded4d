from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("dokumentation/", views.docs, name="docs"),
    path("nycklar/", views.tokens, name="tokens"),
    path("nycklar/<int:pk>/aterkalla/", views.token_revoke, name="token_revoke"),
    path("webhooks/", views.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook"),
]
