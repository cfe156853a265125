"""The programme report for editors: /rediger/rapport/<råd>/<periode>/ (?aar=2027 for a year)."""

from django.urls import path

from kkrmonitor import converters  # noqa: F401  (registers <id:…>)
from kkrmonitor.programme import urls as programme_urls  # noqa: F401  (registers <term:…>)
from kkrmonitor.reports import views

urlpatterns = [
    path("rediger/rapport/<slug:council>/<term:term>/", views.programme_report,
         name="programme_report"),
    path("rediger/rapport/<slug:council>/<term:term>/rapport.docx", views.programme_report_docx,
         name="programme_report_docx"),
    path("rediger/rapport/<slug:council>/<term:term>/rapport.pdf", views.programme_report_pdf,
         name="programme_report_pdf"),
]
