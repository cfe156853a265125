"""Joint efforts across municipalities, municipality pages and project portfolios."""

from django.urls import path

from kkrmonitor.joint import views

urlpatterns = [
    path("faelles/", views.joint_list, name="joint_list"),
    path("faelles/ny/", views.joint_create, name="joint_create"),
    path("faelles/<id:pk>/", views.joint_matrix, name="joint_matrix"),
    path("faelles/<id:pk>.csv", views.joint_export, {"fmt": "csv"}, name="joint_csv"),
    path("faelles/<id:pk>.xlsx", views.joint_export, {"fmt": "xlsx"}, name="joint_xlsx"),
    path("faelles/<id:pk>/indberet/<slug:municipality>/", views.report_form,
         name="joint_report"),
    path("faelles/<id:pk>/godkend/", views.review_list, name="joint_review"),
    path("faelles/indberetning/<id:report>/afgoer/", views.review_report,
         name="joint_review_report"),
    path("faelles/<id:pk>/indlaes/", views.import_view, name="joint_import"),
    path("faelles/<id:pk>/rediger/", views.joint_edit, name="joint_edit"),
    path("faelles/deling/", views.share_list, name="joint_share_list"),
    path("faelles/deling/<id:initiative>/", views.share_edit, name="joint_share"),
    path("kommuner/", views.municipality_list, name="municipality_list"),
    path("kommune/<slug:slug>/", views.municipality, name="municipality"),
    path("portefoeljer/", views.portfolio_list, name="portfolio_list"),
    path("portefoelje/<slug:slug>/", views.portfolio, name="portfolio"),
    path("portefoelje/<slug:portfolio>/nyt-projekt/", views.project_edit, name="project_new"),
    path("portefoelje/<slug:portfolio>/projekt/<slug:slug>/", views.project, name="project"),
    path("portefoelje/<slug:portfolio>/projekt/<slug:slug>/rediger/", views.project_edit,
         name="project_edit"),
    path("portefoelje/<slug:portfolio>/projekt/<slug:slug>/haendelse/", views.project_event,
         name="project_event"),
    path("portefoelje/<slug:portfolio>/liste/<id:pk>/rediger/", views.project_list_edit,
         name="project_list_edit"),
]
