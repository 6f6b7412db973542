"""A published version never changes: the same content again is a no-op, changed
content under the same version is refused, a correction is a new version, and every
version stays readable."""

from typing import Any

import pytest

from accounts.models import User
from audit.models import AuditEvent
from standards import selectors
from standards.loader import DEFAULT_FILE, Content, check_path, check_yaml, content_hash
from standards.models import Criterion, PublishedStandardIsPermanent, Standard
from standards.services import StandardRejected, publish, publish_checked
from standards.tests.conftest import as_yaml, criterion

# The shipped file is published: changing it would make fresh databases disagree with
# existing ones about what version 1 says. A correction goes in a new file.
SHIPPED_HASH = "d1517bab4464d10dc7d120306dfea1045f1f43c3d44add99e769d6732d97670d"

pytestmark = pytest.mark.django_db


def test_the_shipped_file_is_frozen() -> None:
    assert check_path(DEFAULT_FILE).content_hash == SHIPPED_HASH


def test_loading_the_same_content_again_changes_nothing() -> None:
    standards, events = Standard.objects.count(), AuditEvent.objects.count()
    standard, created = publish_checked(actor=None, checked=check_path(DEFAULT_FILE))
    assert not created
    assert standard == Standard.objects.get(code="gecc", fiscal_year=2565, version=1)
    assert (Standard.objects.count(), AuditEvent.objects.count()) == (standards, events)


def test_changed_content_under_a_published_version_is_refused(
    default_content: Content, english: None
) -> None:
    criterion(default_content, "S1.1")["max_points"] = "9"
    criterion(default_content, "S1.2")["max_points"] = "7"
    text = as_yaml(default_content)
    version_line = text.splitlines().index("version: 1") + 1
    before = Standard.objects.get(code="gecc", fiscal_year=2565, version=1)
    counts = (Standard.objects.count(), Criterion.objects.count(), AuditEvent.objects.count())

    with pytest.raises(StandardRejected) as refused:
        publish_checked(actor=None, checked=check_yaml(text, source="edited.yaml"))

    assert [str(e) for e in refused.value.errors] == [
        f"edited.yaml, line {version_line}, version: Version 1 of gecc 2565 is published and "
        "cannot change; publish the correction as version 2."
    ]
    after = Standard.objects.get(pk=before.pk)
    assert after.content_hash == before.content_hash == SHIPPED_HASH
    assert criterion(selectors.content_of(after), "S1.1")["max_points"] == "8"
    assert (
        Standard.objects.count(),
        Criterion.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_a_correction_is_a_new_version_and_both_stay_readable(
    default_content: Content, world: Any
) -> None:
    admin = User.objects.get(username="opsadmin")
    default_content["version"] = 2
    criterion(default_content, "S1.1")["max_points"] = "9"
    criterion(default_content, "S1.2")["max_points"] = "7"
    criterion(default_content, "B1")["text_en"] = "A one-stop counter."

    v2 = publish(actor=admin, data=default_content, source_name="gecc-2565-v2.yaml")

    v1 = Standard.objects.get(code="gecc", fiscal_year=2565, version=1)
    assert str(v2) == "GECC 2565 v2"
    assert v2.content_hash == content_hash(default_content) != v1.content_hash
    assert Criterion.objects.get(standard=v1, code="S1.1").max_points == 8
    assert Criterion.objects.get(standard=v2, code="S1.1").max_points == 9
    assert v1.criteria.get(code="B1").text_en.startswith("A one-stop service counter")
    assert v2.criteria.get(code="B1").text_en == "A one-stop counter."
    assert selectors.content_of(v2) == default_content
    event = AuditEvent.objects.get(action="import", object_id=str(v2.pk))
    assert event.object_type == "standards.standard"
    assert event.changes["version"] == [None, 2]
    assert (event.actor, v2.loaded_by) == (admin, admin)


def test_the_standard_for_a_year_prefers_official_then_the_highest_version(
    default_content: Content,
) -> None:
    def load(fiscal_year: int, version: int, status: str) -> Standard:
        content = {**default_content, "fiscal_year": fiscal_year, "version": version}
        return publish(actor=None, data={**content, "status": status}, source_name="t.yaml")

    v1 = Standard.objects.get(code="gecc", fiscal_year=2565, version=1)
    assert selectors.standard_for_year(2565) == v1
    assert selectors.standard_for_year(2569) == v1  # no later year: the latest before
    assert selectors.standard_for_year(2564) is None

    official = load(2565, 2, "official")
    later_template = load(2565, 3, "template")
    assert selectors.standard_for_year(2565) == official
    assert selectors.standard_for_year(2566) == official
    newer_year = load(2567, 1, "template")
    assert selectors.standard_for_year(2566) == official
    assert selectors.standard_for_year(2567) == newer_year
    assert later_template.is_template and not official.is_template


def test_a_published_standard_cannot_be_changed_or_removed() -> None:
    standard = Standard.objects.get(code="gecc", fiscal_year=2565, version=1)
    standard.title_en = "Something else"
    with pytest.raises(PublishedStandardIsPermanent):
        standard.save()
    with pytest.raises(PublishedStandardIsPermanent):
        standard.delete()
    with pytest.raises(PublishedStandardIsPermanent):
        Criterion.objects.filter(standard=standard).update(text_en="x")
    with pytest.raises(PublishedStandardIsPermanent):
        standard.criteria.all().delete()
    assert Standard.objects.get(pk=standard.pk).content_hash == SHIPPED_HASH


def test_the_stored_content_reads_back_to_its_hash() -> None:
    standard = Standard.objects.get(code="gecc", fiscal_year=2565, version=1)
    assert content_hash(selectors.content_of(standard)) == standard.content_hash
