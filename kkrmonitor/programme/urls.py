"""Public pages: the work programme, its recommendations, their history, councils and actors.
No login."""

from django.urls import path, register_converter

from kkrmonitor.programme import feeds, history_views, views


class TermConverter:
    """An election term as the URL spells it: "2026-2029"."""

    regex = r"[0-9]{4}-[0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TermConverter, "term")

urlpatterns = [
    path("", views.home, name="home"),
    path("program/<slug:council>/<term:term>/", views.programme, name="programme"),
    path("program/<slug:council>/<term:term>.json", views.programme_json, name="programme_json"),
    path("program/<slug:council>/<term:term>/anbefaling/<id:number>/", views.recommendation,
         name="recommendation"),
    path("program/<slug:council>/<term:term>/historik/", history_views.programme_history,
         name="programme_history"),
    path("program/<slug:council>/<term:term>/aendringer/", history_views.programme_changes,
         name="programme_changes"),
    path("program/<slug:council>/<term:term>/aendringer.atom", feeds.programme_feed,
         name="programme_feed"),
    path("program/<slug:council>/<term:term>/anbefaling/<id:number>/aendringer.atom",
         feeds.recommendation_feed, name="recommendation_feed"),
    path("historik/anbefaling/<id:pk>/", history_views.recommendation_history,
         name="recommendation_history"),
    path("historik/indsats/<id:pk>/", history_views.initiative_history,
         name="initiative_history"),
    path("aabne-data/", views.open_data, name="open_data"),
    path("aktoerer/", views.actor_list, name="actor_list"),
    path("aktoer/<slug:slug>/", views.actor, name="actor"),
    path("raad/", views.council_list, name="council_list"),
    path("raad/<slug:slug>/", views.council, name="council"),
]
