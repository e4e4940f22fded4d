from django.urls import path

from . import stream, views

app_name = "live"

urlpatterns = [
    path("sammantradet/", views.index, name="index"),
    path("sammantraden/<int:pk>/live/", views.room, name="room"),
    path("sammantraden/<int:pk>/live/atgard/", views.act, name="act"),
    path("sammantraden/<int:pk>/live/ledamot/", views.member_act, name="member_act"),
    path("sammantraden/<int:pk>/live/projektor/", views.projector, name="projector"),
    path("webbsandning/<int:pk>/", views.webcast, name="webcast"),
    # Server-sent events: only the meeting's number (see stream.py).
    path("sammantraden/<int:pk>/live/handelser/", stream.live_events, name="events"),
]
