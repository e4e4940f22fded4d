from django.urls import path

from . import views

app_name = "publishing"

urlpatterns = [
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("sammantraden/", views.meetings_feeds, name="meetings_feeds"),
    path("sammantraden/rss/", views.MeetingsFeed(), name="meetings_rss"),
    path("sammantraden/atom/", views.MeetingsAtomFeed(), name="meetings_atom"),
    path("sammantraden/kalender.ics", views.meetings_calendar, name="meetings_ics"),
    path("prenumerera/", views.subscribe, name="subscribe"),
    path("prenumerera/bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("prenumerera/avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
