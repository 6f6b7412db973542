"""The public register of certified centres: no login."""

from certification.views import register

app_name = "register"
urlpatterns = [
    *register.urlpatterns,
]
