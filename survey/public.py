from django.http import HttpRequest, HttpResponse


def answer(request: HttpRequest, code: str) -> HttpResponse:
    return HttpResponse("")


def thanks(request: HttpRequest, code: str) -> HttpResponse:
    return HttpResponse("")
