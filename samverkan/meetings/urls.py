from django.urls import path

from . import law_views, views

app_name = "meetings"

urlpatterns = [
    path("organ/<slug:slug>/sammantraden/", views.body_meetings, name="body_meetings"),
    path("organ/<slug:slug>/kalender.ics", views.body_calendar, name="body_calendar"),
    path("organ/<slug:slug>/sammantraden/serie/", views.meeting_series, name="meeting_series"),
    path("organ/<slug:slug>/sammantradesplan.pdf", views.plan_pdf, name="plan_pdf"),
    path("sammantraden/<int:pk>/andra/", views.meeting_change, name="meeting_change"),
    path("sammantraden/<int:pk>/kallelse/", views.notice_preview, name="notice_preview"),
    path(
        "sammantraden/<int:pk>/kallelse/forhandsvisning.pdf",
        views.notice_preview_pdf,
        name="notice_preview_pdf",
    ),
    path("sammantraden/<int:pk>/ovriga-narvarande/", views.others_present, name="others_present"),
    path("sammantraden/<int:pk>/protokoll.docx", views.minutes_docx, name="minutes_docx"),
    path("sammantraden/<int:pk>/rattelser/", views.corrections, name="corrections"),
    path("rattelser/<int:pk>/", views.correction_attest, name="correction_attest"),
    path("rattelser/<int:pk>/rattelse.pdf", views.correction_pdf, name="correction_pdf"),
    path("personer/<slug:slug>/kalender.ics", views.person_calendar, name="person_calendar"),
    path("sammantraden/<int:pk>/", views.meeting_detail, name="meeting"),
    path("sammantraden/<int:pk>/kallelse.pdf", views.notice_pdf, name="notice_pdf"),
    path("sammantraden/<int:pk>/kallelse.docx", views.notice_docx, name="notice_docx"),
    path("sammantraden/<int:pk>/handlingar.pdf", views.bundle_pdf, name="bundle_pdf"),
    path("sammantraden/<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("sammantraden/<int:pk>/protokollsutdrag.pdf", views.extract_pdf, name="extract_pdf"),
    path("sammantraden/<int:pk>/kalender.ics", views.meeting_calendar, name="meeting_calendar"),
    path("sammantraden/<int:pk>/dagordning/", views.agenda_edit, name="agenda"),
    path("sammantraden/<int:pk>/skicka-kallelse/", views.notice_send, name="notice_send"),
    path("sammantraden/<int:pk>/narvaro/", views.attendance_edit, name="attendance"),
    path("sammantraden/<int:pk>/forhinder/", law_views.absence_report, name="absence_report"),
    path(
        "sammantraden/<int:pk>/kalla-ersattare/",
        law_views.substitute_call,
        name="substitute_call",
    ),
    path("organ/<slug:slug>/motesregler/", law_views.meeting_rules_edit, name="meeting_rules"),
    path("sammantraden/<int:pk>/protokoll/", views.minutes_edit, name="minutes"),
    path("sammantraden/<int:pk>/justera/", views.minutes_attest, name="attest"),
    path("sammantraden/<int:pk>/expediera/", views.extract_send, name="extract_send"),
    path("punkter/<int:pk>/", views.agenda_item_edit, name="item"),
    path("punkter/<int:pk>/flytta/", views.agenda_item_move, name="item_move"),
    path("paragrafer/<int:pk>/", views.section_edit, name="section"),
    path("handlingar/<int:pk>/", views.document_file, name="document"),
    path("mina-sammantraden/", views.my_meetings, name="my_meetings"),
    path("anslagstavla/", views.notice_board, name="notice_board"),
    path("anslagstavla/rss/", views.NoticeBoardFeed(), name="notice_board_rss"),
    path("anslagstavla/atom/", views.NoticeBoardAtomFeed(), name="notice_board_atom"),
]
