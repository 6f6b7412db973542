"""The survey's addresses. The citizen's page sits at the short /q/<code>/ printed on
posters; staff pages under /survey/."""

from django.urls import include, path

from survey import local_questions, public, review

app_name = "survey"

urlpatterns = [
    path("q/<str:code>/", public.answer, name="answer"),
    path("q/<str:code>/thanks/", public.thanks, name="thanks"),
    path("survey/suspect/", review.suspect_list, name="suspect_list"),
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
    path("survey/", include("survey.urls_posters")),
    path("survey/", include("survey.urls_results")),
    path("survey/", include("survey.urls_imports")),
]
