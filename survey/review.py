from django.http import HttpRequest, HttpResponse


def suspect_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
