"""QR codes, short links and posters (under /survey/, in the "survey" namespace)."""

from django.urls import path

from survey import posters

urlpatterns = [
    path("counters/<int:pk>/qr.svg", posters.counter_qr_svg, name="counter_qr_svg"),
    path("counters/<int:pk>/qr.png", posters.counter_qr_png, name="counter_qr_png"),
    path("counters/<int:pk>/poster.pdf", posters.counter_poster, name="counter_poster"),
    path("centres/<int:pk>/codes/", posters.centre_codes, name="centre_codes"),
]
