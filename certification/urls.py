"""Certification for staff: each step's views keep their own addresses."""

from certification.views import (
    applications,
    assessment,
    calls,
    certificates,
    screening,
    watch,
)

app_name = "certification"
urlpatterns = [
    *calls.urlpatterns,
    *applications.urlpatterns,
    *screening.urlpatterns,
    *assessment.urlpatterns,
    *certificates.urlpatterns,
    *watch.urlpatterns,
]
