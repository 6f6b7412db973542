"""The survey's addresses. The citizen's page sits at the short /q/<code>/ printed on
posters; staff pages under /survey/."""

from django.urls import include, path, re_path

from survey import hours, local_questions, public, review

app_name = "survey"

urlpatterns = [
    # Survey codes are 8 letters and digits (registry.models.new_survey_code).
    re_path(r"^q/(?P<code>[0-9A-Za-z]{4,12})/$", public.answer, name="answer"),
    re_path(r"^q/(?P<code>[0-9A-Za-z]{4,12})/thanks/$", public.thanks, name="thanks"),
    path("survey/suspect/", review.suspect_list, name="suspect_list"),
    path("survey/suspect/windows/<int:pk>/", review.suspect_window, name="suspect_window"),
    path(
        "survey/centres/<int:pk>/questions/",
        local_questions.local_questions,
        name="local_questions",
    ),
    path(
        "survey/centres/<int:pk>/questions/<int:question_pk>/toggle/",
        local_questions.local_question_toggle,
        name="local_question_toggle",
    ),
    path("survey/centres/<int:pk>/hours/", hours.opening_hours, name="opening_hours"),
    path("survey/", include("survey.urls_posters")),
    path("survey/", include("survey.urls_results")),
    path("survey/", include("survey.urls_imports")),
]
