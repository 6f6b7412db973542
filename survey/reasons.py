"""Why an answer is suspect: the codes kept in an answer's reasons, and what they say to
the people who read them (the suspect list, the results pages, the round report).

Codes of the answer itself and of its sender are given as the answer is taken or folded
(survey/protection.py); the stream's codes are given to every answer of a counter's
window that looks stuffed (survey/stream.py)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

# One answer, judged alone.
ANSWER = {
    "honeypot": gettext_lazy("filled the hidden field that only robots see"),
    "no_start": gettext_lazy("sent without opening the page"),
    "no_device": gettext_lazy("sent by a program that keeps no cookie, not a browser"),
    "too_fast": gettext_lazy("sent faster than a person can read the questions"),
    "repeat": gettext_lazy("the same answers again from the same device"),
    "device_burst": gettext_lazy("too many answers from one device"),
    "network_burst": gettext_lazy("too many answers from one network address"),
}

# A counter's stream of answers, judged over a window of time.
STREAM = {
    "volume": gettext_lazy("far more answers than the counter usually receives"),
    "identical": gettext_lazy("many answers exactly alike"),
    "all_top": gettext_lazy("far more answers giving the top score to everything than usual"),
    "new_devices": gettext_lazy("many new devices from one network in a short time"),
    "after_hours": gettext_lazy("answers while the centre is closed"),
    "fill_alike": gettext_lazy("answers filled in at nearly the same speed"),
}

REASONS: dict[str, Promise] = {**ANSWER, **STREAM}


def text(code: str) -> str:
    """What a reason code says to a person (an unknown code, from a later version, as
    it is)."""
    return str(REASONS.get(code, code))
