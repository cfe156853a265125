"""Under /konto/e-mails/."""

from django.urls import path

from kkrmonitor.notifications import views

urlpatterns = [
    path("", views.email_settings, name="email_settings"),
    path("afmeld/<str:token>/", views.email_unsubscribe, name="email_unsubscribe"),
    path("afviste/", views.bounces, name="email_bounces"),
]
