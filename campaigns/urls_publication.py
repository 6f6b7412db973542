"""Addresses of campaigns: publication and QR codes."""

from django.urls import path

from campaigns.views import publication as views

urlpatterns = [
    path("<int:pk>/publication/", views.publication, name="publication"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/unpublish/", views.unpublish, name="unpublish"),
    path("<int:pk>/results-qr.svg", views.results_qr_svg, name="results_qr_svg"),
    path("<int:pk>/results-qr.png", views.results_qr_png, name="results_qr_png"),
    path("<int:pk>/results-card.pdf", views.results_card, name="results_card"),
    path("asked/<int:pk>/qr.svg", views.staff_qr_svg, name="staff_qr_svg"),
    path("asked/<int:pk>/qr.png", views.staff_qr_png, name="staff_qr_png"),
    path("asked/<int:pk>/card.pdf", views.staff_card, name="staff_card"),
]
