"""Accounts, under /konto/: logging in and out, passwords, and user administration."""

from django.urls import path

from kkrmonitor.accounts import views

urlpatterns = [
    path("log-ind/", views.login_view, name="login"),
    path("log-ud/", views.logout_view, name="logout"),
    path("adgangskode/", views.password_change, name="password_change"),
    path("adgangskode/skiftet/", views.password_change_done, name="password_change_done"),
    path("nulstil/", views.password_reset, name="password_reset"),
    path("nulstil/sendt/", views.password_reset_done, name="password_reset_done"),
    path("nulstil/<uidb64>/<token>/", views.password_reset_confirm,
         name="password_reset_confirm"),
    path("nulstil/gemt/", views.password_reset_complete, name="password_reset_complete"),
    path("velkommen/<uidb64>/<token>/", views.invite_accept, name="invite_accept"),
    path("brugere/", views.user_list, name="user_list"),
    path("brugere/inviter/", views.user_invite, name="user_invite"),
    path("brugere/<id:pk>/roller/", views.user_roles, name="user_roles"),
    path("brugere/<id:pk>/roller/<id:membership_id>/fjern/", views.user_role_remove,
         name="user_role_remove"),
    path("brugere/<id:pk>/aktiv/", views.user_active, name="user_active"),
]
