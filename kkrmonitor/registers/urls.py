"""Registers: the public list and pages, downloads, and the secretariat's editing."""

from django.urls import path

from kkrmonitor import converters  # noqa: F401  (registers <id:…>)
from kkrmonitor.registers import views

BASE = "register/<slug:council>/<slug:slug>"

urlpatterns = [
    path("registre/", views.register_list, name="register_list"),
    path("registre/nyt/", views.register_create, name="register_create"),
    path(f"{BASE}/", views.register, name="register"),
    path(f"{BASE}.csv", views.register_export, {"fmt": "csv"}, name="register_csv"),
    path(f"{BASE}.xlsx", views.register_export, {"fmt": "xlsx"}, name="register_xlsx"),
    path(f"{BASE}/opsaetning/", views.register_settings, name="register_settings"),
    path(f"{BASE}/kolonne/ny/", views.column_edit, name="register_column_new"),
    path(f"{BASE}/kolonne/<id:pk>/", views.column_edit, name="register_column"),
    path(f"{BASE}/raekke/ny/", views.row_edit, name="register_row_new"),
    path(f"{BASE}/raekke/<id:pk>/", views.row_edit, name="register_row"),
    path(f"{BASE}/raekke/<id:pk>/slet/", views.row_delete, name="register_row_delete"),
    path(f"{BASE}/indlaes/", views.register_import, name="register_import"),
]
