"""Import of answers collected elsewhere, for a centre's own staff."""

from django.urls import path

from survey import import_views

urlpatterns = [
    path("centres/<int:pk>/import/", import_views.import_answers, name="import_answers"),
    path(
        "centres/<int:pk>/import/check/",
        import_views.import_answers_check,
        name="import_answers_check",
    ),
    path(
        "centres/<int:pk>/import/confirm/",
        import_views.import_answers_confirm,
        name="import_answers_confirm",
    ),
    path(
        "centres/<int:pk>/import/template.csv",
        import_views.import_answers_template,
        name="import_answers_template",
    ),
]
