"""No input gives a server error. Every address the site answers that takes a POST is
sent, signed in as the OPS PMO administrator, a unit administrator and the centre's
staff: its page's filters and links' parameters made hostile in the address, its page's
form with each number in turn made one no database holds or written in other digits,
then bodies hypothesis makes up (other digits, huge numbers, NUL bytes,
Thai text, very long text, repeated names, files, bodies that are not forms or whose
charset lies). The answer may be a refusal, never a 500.

The addresses come from the URL configuration itself, so a new page is fuzzed without
editing this file. Ids in an address come from the demo world, by the word before them
(`centres/<pk>` is a centre) or their name (`evidence_pk`); an address whose ids cannot
be built fails the test, to be taught here."""

import re
from collections.abc import Callable
from decimal import Decimal
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accounts.models import RoleAssignment, User
from demo import scenario
from maintenance import services as maintenance
from maintenance.models import Report, Round
from saduak.http import ID_MAX, parse_id
from survey.local_questions import MAX_ASKED
from survey.models import LocalQuestion, Response
from survey.questionnaire import current

# The OPS PMO administrator reaches every page; the unit administrator and the centre's
# staff reach the unit's own forms (only the staff fill a report).
PERSONAS = ("opsadmin", "admin.pattanitown", "staff.pattanitown")
EXAMPLES = 3  # per address and persona: the whole fuzz stays well under a minute


# --- the addresses ----------------------------------------------------------------------


def routes() -> list[tuple[str, str]]:
    """(name, route) of every named address, the route written with its includes'
    prefixes, e.g. ("maintenance:evidence_file", "reports/<int:pk>/evidence/<int:evidence_pk>/")."""
    found: list[tuple[str, str]] = []

    def walk(patterns: Any, prefix: str, namespace: str) -> None:
        for entry in patterns:
            text = str(entry.pattern).lstrip("^").rstrip("$")
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, prefix + text, inner)
            elif isinstance(entry, URLPattern):
                found.append((f"{namespace}{entry.name}" if entry.name else "", prefix + text))

    walk(get_resolver().url_patterns, "", "")
    return found


# An id in a route: `<int:pk>` or `(?P<code>…)`, and the word just before it.
ARGUMENT = re.compile(r"([A-Za-z]*)/?(?:<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\))")


def arguments(route: str) -> list[tuple[str, str]]:
    """(word before, name) of each id in the route."""
    return [(m.group(1), m.group(2) or m.group(3)) for m in ARGUMENT.finditer(route)]


def scene(world: Any) -> dict[str, Any]:
    """One of each thing an address can name, all belonging together, at Pattani Town
    Municipality: its centre, counter, report (sent once and returned, so it has a
    version and is a draft again) with evidence, a local question, its staff."""
    ops = User.objects.get(username="opsadmin")
    scenario.open_rounds()
    rnd = Round.objects.get(fiscal_year=2565, months=6)
    report = Report.objects.get(round=rnd, centre__organisation__code="5940101")
    items = list(report.standard.checklist_items.all())
    report = maintenance.save_draft(
        actor=ops,
        report=report,
        base_revision=report.revision,
        answers={item.pk: ("met", "") for item in items},
        satisfaction={
            "respondents": 384,
            "mean_process": Decimal("4.5"),
            "mean_staff": Decimal("4.5"),
            "mean_facilities": Decimal("4.5"),
            "mean_outcome": Decimal("4.5"),
            "overall_percentage": Decimal("90"),
        },
    )
    version = maintenance.submit(actor=ops, report=report, base_revision=report.revision)
    maintenance.return_version(actor=ops, version=version, comment="แก้ไข", item_comments={})
    evidence = maintenance.add_evidence(
        actor=ops, report=report, item=items[0], upload=None, link="https://example.go.th/"
    )
    centre = report.centre
    counter = centre.counters.first()
    Response.objects.create(
        counter=counter,
        centre=centre,
        questionnaire=current(),
        submitted_at=timezone.now(),
        scores="5" * len(current().item_codes),
        status=Response.Status.SUSPECT,
        reasons=["too_fast"],
    )
    staff = User.objects.get(username="staff.pattanitown")
    # As many as may be asked, so adding one takes the "too many" path.
    questions = [
        LocalQuestion.objects.create(centre=centre, text_th=f"คำถามที่ {n}")
        for n in range(1, MAX_ASKED + 1)
    ]
    # A certification call open today, and Pattani Town's application in it, a draft
    # with its evidence (certification/tests/factories_apply.py); and, in another
    # year's call, its application given to team 1 with the visit scheduled.
    from certification.tests import factories_apply, factories_assess
    from certification.tests.factories_certify import certified

    application = factories_apply.filled(factories_apply.start())
    visited = factories_assess.visited(call=factories_assess.make_call(fiscal_year=2566))
    assert visited.team is not None
    # A certificate of the centre, from an earlier year's call (FY2564).
    certificate = certified(centre, fiscal_year=2564)
    return {
        "certificate": certificate,
        "call": application.call,
        "application": application,
        "piece": application.evidence.order_by("pk")[0],
        "team": visited.team,
        "member": visited.team.members.first(),
        "report": report,
        "version": version,
        "evidence": evidence,
        "centre": centre,
        "counter": counter,
        "organisation": centre.organisation,
        "round": rnd,
        "standard": report.standard,
        "question": questions[0],
        "staff": staff,
        "assignment": RoleAssignment.objects.filter(user=staff).first(),
    }


def _screened_application(s: dict[str, Any]) -> Any:
    """Pattani Town's certification application, sent and in screening (made once)."""
    if "application" not in s:
        from certification.tests.factories_screen import make_application

        s["application"] = make_application(
            s["centre"], screener=User.objects.get(username="screener")
        )
    return s["application"]


def _town_letter(s: dict[str, Any]) -> Any:
    """A draft letter of Pattani Town's (its administrator writes for it), with a
    reference, an enclosure and a reply-form question (made once)."""
    if "letter" not in s:
        from correspondence.models import Letter
        from correspondence.tests.factories_compose import draft

        letter = draft("5940101", user="admin.pattanitown")
        Letter.objects.filter(pk=letter.pk).update(action=Letter.Action.ANSWER)
        letter.questions.create(kind="number", label="จำนวนผู้รับบริการ", position=1)
        s["letter"] = letter
    return s["letter"]


def _received(s: dict[str, Any]) -> Any:
    """The founding letter passed down by the province (made once): Pattani Town's copy
    not yet registered, and Yarang's answered."""
    if "letters" not in s:
        from correspondence import receiving
        from correspondence.tests.factories_receive import founding
        from registry.models import Organisation

        letters = founding({o.code: o for o in Organisation.objects.all()})
        yarang = letters.copies["5941001"]
        questions = {q.kind: q.pk for q in yarang.letter.questions.all()}
        receiving.answer(
            user=User.objects.get(username="admin.yarang"),
            copy=yarang,
            values={questions["yes_no"]: "yes", questions["number"]: "3"},
            files={},
        )
        s["letters"] = letters
        s["answer"] = yarang.answers.first()
    return s["letters"]


def _download(s: dict[str, Any]) -> Any:
    """A download of the completeness workbook, asked for by the OPS PMO administrator
    (made once; the other personas get 404 for it, as for any download not theirs)."""
    if "download" not in s:
        from downloads.preparing import request_download

        s["download"] = request_download(
            user=User.objects.get(username="opsadmin"),
            maker="maintenance.completeness",
            params={"round": s["round"].pk, "area": None, "figure": "", "place": "", "reach": {}},
            title="ความครบถ้วนของรายงาน",
        )
    return s["download"]


def _window(s: dict[str, Any]) -> Any:
    """A suspect window of Pattani Town's counter, with one answer (made once)."""
    if "window" not in s:
        from datetime import timedelta

        from survey.models import SuspectWindow

        now = timezone.now()
        s["window"] = SuspectWindow.objects.create(
            counter=s["counter"],
            centre=s["centre"],
            starts_at=now - timedelta(minutes=30),
            ends_at=now,
            signals=[{"code": "volume", "seen": 1, "usual": 0.2, "minutes": 30}],
        )
        Response.objects.create(
            counter=s["counter"],
            centre=s["centre"],
            questionnaire=current(),
            submitted_at=now,
            scores="5" * len(current().item_codes),
            status=Response.Status.SUSPECT,
            reasons=["volume"],
            window=s["window"],
        )
    return s["window"]


def _first_reason() -> Any:
    from certification.models import ScreeningReason

    return ScreeningReason.objects.order_by("pk").first()


def _recipient_list(s: dict[str, Any]) -> Any:
    """A saved list of recipients of Pattani Town (made once)."""
    if "recipient_list" not in s:
        from correspondence.models import RecipientList
        from registry.models import Organisation

        s["recipient_list"] = RecipientList.objects.create(
            owner=s["organisation"], name="ใกล้เคียง", created_by=s["staff"]
        )
        s["recipient_list"].members.set(Organisation.objects.filter(code="5941001"))
    return s["recipient_list"]


def _asked(s: dict[str, Any], audience: str = "organisations") -> Any:
    """Pattani Town's place in a launched, open campaign of DLA's, for its organisation
    or for its staff (made once each)."""
    key = f"asked_{audience}"
    if key not in s:
        from campaigns.tests.factories_answering import launched, town

        s[key] = town(launched(audience=audience))
    return s[key]


def _published_campaign(s: dict[str, Any]) -> Any:
    """DLA's incentive-needs campaign with its answers, results published (made once)."""
    if "published_campaign" not in s:
        from campaigns.tests.factories_results import dla_campaign

        s["published_campaign"] = dla_campaign(published=True)
    return s["published_campaign"]


def _campaign(s: dict[str, Any]) -> Any:
    """A draft campaign of DLA's, asking Pattani's local governments (made once)."""
    if "campaign" not in s:
        from campaigns.tests.factories_build import draft, with_targets

        s["campaign"] = with_targets(draft())
    return s["campaign"]


# How to fill each id: by the word before `pk`, else by the word and the id's name
# ("r/code": a campaign's published results), else by the id's own name.
BY_WORD: dict[str, Callable[[dict[str, Any]], Any]] = {
    "staff": lambda s: s["staff"].pk,
    "registry": lambda s: s["organisation"].pk,
    "centres": lambda s: s["centre"].pk,
    "counters": lambda s: s["counter"].pk,
    "rounds": lambda s: s["round"].pk,
    "reports": lambda s: s["report"].pk,
    "standards": lambda s: s["standard"].pk,
    "certificates": lambda s: s["certificate"].pk,
    "calls": lambda s: s["call"].pk,
    "teams": lambda s: s["team"].pk,
    "applications": lambda s: s["application"].pk,
    "reasons": lambda s: (
        __import__("certification.models").models.ScreeningReason.objects.first().pk
    ),
    "screening": lambda s: _screened_application(s).pk,
    "results": lambda s: _screened_application(s).call_id,
    "letters": lambda s: _town_letter(s).pk,
    "downloads": lambda s: _download(s).pk,
    "lists": lambda s: _recipient_list(s).pk,
    "asked": lambda s: _asked(s).pk,
    "campaigns": lambda s: _campaign(s).pk,
    "windows": lambda s: _window(s).pk,
    "oversight": lambda s: s["organisation"].pk,
}
BY_NAME: dict[str, Callable[[dict[str, Any]], Any]] = {
    "org_pk": lambda s: s["organisation"].pk,
    "centre_pk": lambda s: s["centre"].pk,
    "evidence_pk": lambda s: s["evidence"].pk,
    "piece_pk": lambda s: s["piece"].pk,
    "assignment_pk": lambda s: s["assignment"].pk,
    "question_pk": lambda s: s["question"].pk,
    "member_pk": lambda s: s["member"].pk,
    "number": lambda s: s["version"].number,
    "code": lambda s: s["counter"].survey_code,
    "uidb64": lambda s: urlsafe_base64_encode(force_bytes(s["staff"].pk)),
    "token": lambda s: default_token_generator.make_token(s["staff"]),
    "reference_pk": lambda s: _town_letter(s).references.get().pk,
    "enclosure_pk": lambda s: _town_letter(s).enclosures.get().pk,
    "reply_question_pk": lambda s: _town_letter(s).questions.get().pk,
    "copy_id": lambda s: _received(s).town_copy.pk,
    "answer_id": lambda s: (_received(s), s["answer"])[1].pk,
    "staff_code": lambda s: _asked(s, "staff").staff_code,
    "r/code": lambda s: _published_campaign(s).public_code,
}


def address(name: str, route: str, things: dict[str, Any]) -> str:
    kwargs = {}
    for word, argument in arguments(route):
        fill = (
            BY_WORD.get(word)
            if argument == "pk"
            else BY_NAME.get(f"{word}/{argument}", BY_NAME.get(argument))
        )
        assert fill, f"teach test_fuzz.py how to fill “{argument}” in {route} ({name})"
        kwargs[argument] = fill(things)
    assert name, f"{route} has no name, so no address can be built for it"
    return reverse(name, kwargs=kwargs)


# --- what is sent -----------------------------------------------------------------------

# Numbers a form may take as numbers and the database may not hold, or that str.isdigit()
# takes for digits and int() does not.
KILLERS = ["²", "٣", str(2**31), str(2**63), "NaN", "1e999"]
HOSTILE = st.sampled_from(
    [
        *KILLERS,
        "①",
        "9" * 5000,
        "",
        "๑๒",
        "-1",
        "0",
        "1.5",
        "1e400",
        "NaN",
        str(2**31 - 1),
        "\x00",
        "a\x00b",
        "ศูนย์ราชการสะดวก",
        "ก" * 20_000,
        "on",
        "count",
        "reject",
        "https://example.go.th/",
        "22/6/2565",
        "31/2/99999",
    ]
)
VALUES = st.one_of(HOSTILE, st.text(max_size=40), st.integers().map(str))
FILES = st.builds(
    SimpleUploadedFile,
    st.sampled_from(["ไฟล์.pdf", "a.xlsx", "b.csv", "c.png", "x" * 300]),
    st.one_of(st.binary(max_size=300), st.just(b"%PDF-1.4\n<script>"), st.just(b"PK\x03\x04")),
)
NOT_FORMS = st.tuples(
    st.sampled_from(
        [
            "application/json",
            "application/octet-stream",
            "text/plain",
            "multipart/form-data",  # no boundary
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded; charset=latin-1",
            "application/x-www-form-urlencoded; charset=no-such-charset",
        ]
    ),
    st.one_of(
        st.binary(max_size=200),
        st.just(b'{"text_th": "\\u0e01", "answer": [1], "respondents": 1e99}'),
        st.just(b'--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n'),
        st.just(b"%ff%fe=%00&a=%zz&&=&==="),
    ),
)


def bodies(fields: dict[str, str], names: list[str]) -> st.SearchStrategy[tuple[str, Any]]:
    """(content type, body). Forms: the page's own form as a person sends it, with one
    to three fields (its own or made-up) changed, so that the rest gets the request past
    the checks a person passes; or only made-up fields; and bodies that are not forms."""
    name = st.one_of(st.sampled_from(names), st.text(max_size=12)) if names else st.text()
    changed = st.dictionaries(name, st.one_of(VALUES, st.lists(VALUES, max_size=3)), max_size=3)
    data = st.tuples(st.booleans(), changed).map(
        lambda pair: {**(fields if pair[0] else {}), **pair[1]}
    )
    form = data.map(lambda d: ("application/x-www-form-urlencoded", urlencode(d, True).encode()))
    with_files = st.tuples(data, st.dictionaries(name, FILES, max_size=2))
    multipart = with_files.map(lambda pair: ("multipart", {**pair[0], **pair[1]}))
    return st.one_of(form, multipart, NOT_FORMS)


TAG = re.compile(r"<(input|select|textarea|button)\b([^>]*)>", re.I)
ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')


class Form:
    """What a page's forms send: `fields` as a person would send them unchanged (text as
    shown, every box ticked, the first choice of a radio group, the first button), the
    names of all of them, and those that hold a number (ids, counts, revisions)."""

    def __init__(self, html: str) -> None:
        self.fields: dict[str, str] = {}
        self.numbers: list[str] = []
        names: set[str] = set()
        for _tag, raw in TAG.findall(html):
            attributes = {k.lower(): unescape(v) for k, v in ATTRIBUTE.findall(raw)}
            name = attributes.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            names.add(name)
            kind = attributes.get("type", "").lower()
            if kind == "file":
                continue
            value = attributes.get("value", "on" if kind == "checkbox" else "")
            self.fields.setdefault(name, value)
            # A radio group's values are a fixed choice, which its field checks.
            number = kind == "number" or (value.isdigit() and kind != "radio")
            if number and name not in self.numbers:
                self.numbers.append(name)
        self.names = sorted(names)


GET_FORM = re.compile(r"<form\b(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.I | re.S)
LINK_QUERY = re.compile(r'href="[^"#]*\?([^"#]*)"')


def query_names(html: str) -> list[str]:
    """The names a page sends in its address: its GET forms' fields (filters, search)
    and the parameters of its links (?page=, ?area=, ?round=)."""
    names = {n for form in GET_FORM.findall(html) for n in Form(form).names}
    names |= {n for query in LINK_QUERY.findall(html) for n in parse_qs(unescape(query))}
    return sorted(names)


class Undo(Exception):
    """Raised to roll back what one fuzzed request changed."""


def send(client: Client, url: str, content_type: str, data: Any) -> int:
    """POST and answer the status, leaving the world and the persona's session as they
    were (a fuzzed sign-out or deactivation must not hide the addresses after it). The
    savepoint also keeps PostgreSQL's transaction usable after a failure."""
    cookies = client.cookies
    client.cookies = cookies.__class__(cookies)
    try:
        with transaction.atomic():
            if content_type == "multipart":
                response = client.post(url, data)
            else:
                # generic() sends the bytes as they are, whatever the charset says.
                response = client.generic("POST", url, data, content_type=content_type)
            raise Undo
    except Undo:
        pass
    finally:
        client.cookies = cookies
    return response.status_code


def fuzz(client: Client, url: str, pool: list[str]) -> bool:
    """Send the address made-up bodies; fail on a 500. False when the address takes no
    POST at all (405), so there is nothing to fuzz."""
    if send(client, url, "multipart", {}) == 405:
        return False
    page = client.get(url)
    form = Form(page.content.decode(errors="replace") if "html" in page["Content-Type"] else "")
    pool.extend(n for n in form.names if n not in pool)

    # The page's own address, with its filters and links' parameters made hostile.
    for name in query_names(page.content.decode(errors="replace")):
        for value in [*KILLERS, "9" * 5000, "\x00", "-1", "31/2/2565"]:
            status = client.get(url, {name: value}).status_code
            assert status != 500, f"GET {url}?{name}={value:.20}"

    # First the numbers, each field in turn, the rest of the form as it is: the faults
    # found so far were all of a number where a number was expected.
    for name in form.numbers:
        for killer in KILLERS:
            data = {**form.fields, name: killer}
            assert send(client, url, "multipart", data) != 500, f"{url} {name}={killer:.20}"

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        # No shrinking: each step is a request, and the failing body is shown as sent.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    # Addresses with no page of their own (a button elsewhere posts to them) get the
    # names of every page seen so far.
    @given(bodies(form.fields, form.names or pool))
    def post(body: tuple[str, Any]) -> None:
        content_type, data = body
        assert send(client, url, content_type, data) != 500, f"{url} {content_type} {data!r:.300}"

    post()
    return True


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_input_gives_a_server_error(world: Any, persona: str) -> None:
    things = scene(world)
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=persona))
    failures: list[str] = []
    fuzzed: list[str] = []
    pool: list[str] = []
    # Pages first, so the names of their fields are known when the addresses their
    # buttons post to (which have no page of their own) come.
    for name, route in sorted(routes(), key=lambda r: "<" in r[1] or "(?P" in r[1]):
        try:
            if fuzz(client, address(name, route, things), pool):
                fuzzed.append(name)
        except Exception as error:  # every address's failures, not just the first's
            failures.append(f"{name}: {error!r:.2000}")
    assert not failures, "\n".join(failures)
    # The forms that change things were reached, not turned away at the door.
    assert {"maintenance:report", "survey:suspect_list", "survey:answer"} <= set(fuzzed)
    assert {"revision", "respondents"} <= set(pool) or persona != "staff.pattanitown"
    assert {"username", "text_th"} <= set(pool) or persona == "staff.pattanitown"
    # Only those who decide suspect answers get the form that chooses them.
    assert "answer" in pool or persona != "opsadmin"


def test_an_address_whose_ids_cannot_be_built_fails() -> None:
    with pytest.raises(AssertionError, match=r"teach test_fuzz\.py"):
        address("widgets:edit", "widgets/<int:pk>/edit/", {})


def test_every_route_is_found() -> None:
    """The walk over the URL configuration sees the pages, included ones too."""
    found = dict(routes())
    assert found["survey:suspect_list"] == "survey/suspect/"
    assert found["maintenance:evidence_withdraw"].startswith("reports/<int:pk>/evidence/")
    assert found["survey:answer"].startswith("q/(?P<code>")


@given(st.text())
def test_an_id_is_plain_digits_within_range(text: str) -> None:
    number = parse_id(text)
    if number is not None:
        assert text.isascii() and text.isdigit()
        assert 0 < number <= ID_MAX


@pytest.mark.parametrize("text", ["²", "①", "๑", "١", "1 ", "+1", "0", str(ID_MAX + 1), "9" * 30])
def test_an_id_in_other_digits_or_out_of_range_is_none(text: str) -> None:
    assert parse_id(text) is None


def test_a_plain_id_is_read() -> None:
    assert parse_id("42") == 42
    assert parse_id(str(ID_MAX)) == ID_MAX
