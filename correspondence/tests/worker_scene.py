"""A large send for a real worker to deliver (test_delivery.py runs it in a subprocess
against a database file, and bench/letters_send.py uses it too): `count` local
governments of Pattani, each with a correspondence officer who has an e-mail, and a
circular from DLA to every local government of the province, sent and waiting for
the worker."""

from accounts.models import Role, RoleAssignment, User
from correspondence import recipients, sending
from correspondence.models import Letter
from correspondence.tests.factories_send import draft, letterhead
from demo import scenario
from registry.models import Organisation


def local_governments(
    count: int, *, prefix: str = "W", provinces: list[str] | None = None
) -> list[int]:
    """Create `count` local governments (in bulk) spread over the provinces given (or
    Pattani), under DLA, each with one correspondence officer; returns their ids."""
    parent = Organisation.objects.get(code="DLA")
    spread = provinces or ["94"]
    Organisation.objects.bulk_create(
        [
            Organisation(
                code=f"{prefix}{n:05d}",
                name_th=f"องค์การบริหารส่วนตำบลทดสอบ {n}",
                kind=Organisation.Kind.LOCAL_GOVERNMENT,
                lao_type=Organisation.LaoType.SAO,
                parent=parent,
                province_id=spread[n % len(spread)],
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    orgs = list(Organisation.objects.filter(code__startswith=prefix).order_by("pk"))
    for org in orgs:
        org.path = f"{parent.path}{org.pk}/"
    Organisation.objects.bulk_update(orgs, ["path"], batch_size=2000)
    User.objects.bulk_create(
        [
            User(
                username=f"clerk.{org.code.lower()}",
                email=f"clerk.{org.code.lower()}@example.go.th",
                password="!",
            )
            for org in orgs
        ],
        batch_size=2000,
    )
    users = dict(
        User.objects.filter(username__startswith=f"clerk.{prefix.lower()}").values_list(
            "username", "pk"
        )
    )
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user_id=users[f"clerk.{org.code.lower()}"], role=Role.CLERK, organisation=org
            )
            for org in orgs
        ],
        batch_size=2000,
    )
    return [org.pk for org in orgs]


def build(count: int) -> int:
    """The scene; returns the letter's id."""
    scenario.load()
    local_governments(count)
    dla = Organisation.objects.get(code="DLA")
    letterhead(dla)
    letter = draft(dla, kind=Letter.Kind.CIRCULAR)
    sending.send_letter(
        user=User.objects.get(username="clerk.dla"),
        letter=letter,
        selection=[recipients.Group(recipients.PROVINCE, province="94")],
        revision=letter.revision,
    )
    return letter.pk
