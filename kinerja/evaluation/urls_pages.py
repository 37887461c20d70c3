from django.urls import URLPattern, path

from . import views_pages as v

urlpatterns: list[URLPattern] = [
    path("", v.mine, name="mine"),
    path("tim/", v.team, name="team"),
    path("360/", v.peer_inbox, name="peer_inbox"),
    path("360/<int:pk>/", v.peer_answer, name="peer_answer"),
    path("keberatan/", v.objections, name="objections"),
    path("<int:pk>/", v.detail, name="detail"),
    path("<int:pk>/nilai/", v.rate, name="rate"),
    path("<int:pk>/saran/", v.suggest, name="suggest"),
    path("<int:pk>/360/", v.nominate, name="nominate"),
    path("<int:pk>/penilaian-diri/", v.self_assessment, name="self_assessment"),
    path("<int:pk>/terima/", v.acknowledge, name="acknowledge"),
    path("<int:pk>/keberatan/", v.object_file, name="object"),
    path("<int:pk>/keberatan/putusan/", v.decide, name="decide"),
]
