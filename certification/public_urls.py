"""The public register of certified centres: no login."""

from certification.views import _placeholders, register

app_name = "register"
urlpatterns = [
    *register.urlpatterns,
    *_placeholders.public_urlpatterns,  # the lead deletes this line at merge
]
