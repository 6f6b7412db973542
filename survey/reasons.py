"""Why an answer is suspect: the codes kept in an answer's reasons, and what they say to
the people who read them (the suspect list, the results pages, the round report).

Codes of the answer itself and of its sender are given as the answer is taken or folded
(survey/protection.py); the stream's codes are given to every answer of a counter's
window that looks stuffed (survey/stream.py)."""

from typing import Any

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
    "high_scores": gettext_lazy("far more answers scoring nearly the top everywhere than usual"),
    "new_devices": gettext_lazy("many new devices from one network in a short time"),
    "after_hours": gettext_lazy("answers while the centre is closed"),
    "fill_alike": gettext_lazy("answers filled in at nearly the same speed"),
}

REASONS: dict[str, Promise] = {**ANSWER, **STREAM}


def text(code: str) -> str:
    """What a reason code says to a person (an unknown code, from a later version, as
    it is)."""
    return str(REASONS.get(code, code))


# What a stream signal says with its figures (SuspectWindow.signals), for the reviewer
# who decides the window. Shares are kept 0..1 and shown as percentages.
SIGNAL = {
    "volume": gettext_lazy(
        "%(seen)s answers in %(minutes)s minutes; this counter usually gets %(usual)s"
    ),
    "identical": gettext_lazy(
        "%(seen)s %% of the answers exactly alike; usually %(usual)s %% at such a counter"
    ),
    "all_top": gettext_lazy(
        "%(seen)s %% gave the top score to everything; the centre usually %(usual)s %%"
    ),
    "high_scores": gettext_lazy(
        "%(seen)s %% scored 4.5 or more on average, short of the top everywhere; "
        "the centre usually %(usual)s %%"
    ),
    "new_devices": gettext_lazy("%(seen)s new devices from one network"),
    "after_hours": gettext_lazy("%(seen)s answers while the centre was closed"),
    "fill_alike": gettext_lazy(
        "fill times within %(seen)s seconds of each other; usually %(usual)s"
    ),
}
# The same, when the stream gave no usual figure (or, for volume, no window length).
SIGNAL_ALONE = {
    "volume": gettext_lazy("%(seen)s answers in this window"),
    "identical": gettext_lazy("%(seen)s %% of the answers exactly alike"),
    "all_top": gettext_lazy("%(seen)s %% gave the top score to everything"),
    "high_scores": gettext_lazy(
        "%(seen)s %% scored 4.5 or more on average, short of the top everywhere"
    ),
    "fill_alike": gettext_lazy("fill times within %(seen)s seconds of each other"),
}
# Volume over a window whose length is known, without a usual figure; and the usual
# figure without the length.
VOLUME_IN_MINUTES = gettext_lazy("%(seen)s answers in %(minutes)s minutes")
VOLUME_USUALLY = gettext_lazy(
    "%(seen)s answers in this window; this counter usually gets %(usual)s"
)
SHARES = frozenset({"identical", "all_top", "high_scores"})


def _number(value: float) -> str:
    """A figure as people read it: thousands separated, a decimal only where it says
    something (2.5 answers usually, not 2.4999)."""
    if value == int(value) or abs(value) >= 10:
        return f"{round(value):,}"
    return f"{value:,.1f}"


def _figure(value: Any, *, share: bool) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return None
    return _number(value * 100 if share else value)


def describe(signal: dict[str, Any], *, minutes: int | None = None) -> str:
    """Why a window was flagged, in a sentence with its figures: "42 answers in 30
    minutes; this counter usually gets 3". `minutes`: the window's length, when the
    signal does not carry it. A signal without a readable figure (or of a code this
    version does not know) says its reason alone."""
    code = str(signal.get("code", ""))
    share = code in SHARES
    seen = _figure(signal.get("seen"), share=share)
    if code not in SIGNAL or seen is None:
        return text(code)
    usual = _figure(signal.get("usual"), share=share)
    length = _figure(signal.get("minutes", minutes), share=False)
    figures = {"seen": seen, "usual": usual, "minutes": length}
    if code == "volume" and length is None:
        return str(VOLUME_USUALLY if usual is not None else SIGNAL_ALONE[code]) % figures
    if code == "volume" and usual is None:
        return str(VOLUME_IN_MINUTES) % figures
    if usual is None and code in SIGNAL_ALONE:
        return str(SIGNAL_ALONE[code]) % figures
    return str(SIGNAL[code]) % figures
