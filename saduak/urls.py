from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from accounts import views as account_views
from saduak import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The citizen's page (/q/…) is the busiest address of all: matched before the staff's.
    path("", include("survey.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("registry/", include("registry.urls")),
    path("staff/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("standards/", include("standards.urls")),
    path("reports/", include("maintenance.urls")),
    path("certification/", include("certification.urls")),
    path("register/", include("certification.public_urls")),
    path("letters/", include("correspondence.urls")),
    path("downloads/", include("downloads.urls")),
    path("oversight/", include("oversight.urls")),
    # Campaign surveys: staff pages under /campaigns/, and the short public addresses
    # printed under QR codes, /r/<code>/ (results) and /s/<code>/ (a staff answer).
    path("", include("campaigns.urls")),
]
