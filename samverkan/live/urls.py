from django.urls import path

from . import stream

app_name = "live"

urlpatterns = [
    # Server-sent events: only the meeting's number (see stream.py).
    path("sammantraden/<int:pk>/live/handelser/", stream.live_events, name="events"),
]
