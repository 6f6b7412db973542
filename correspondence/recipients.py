"""Whom a letter goes to: the groups a sender chooses from, built from the registry, and
their resolution to organisations.

A sender picks any mix of groups: every province; every local government of a province;
every local government of a type (in the whole country or in one province); every unit
the sender oversees; organisations chosen one by one; a saved list. Each group resolves
in ONE query, however many organisations it holds (up to every local government of the
country), and the union is taken without repeats. Only active organisations receive
letters, and never the sender itself.

What was chosen is stored on the letter as it was described when it was sent
(`Letter.selection`), beside the organisations it resolved to (`Letter.chosen_ids`): a
province that gains a local government later does not change a letter already out.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import capabilities as cap
from correspondence.models import RecipientList, RecipientListMember
from registry.models import Organisation, OrganisationQuerySet, Province
from saduak.http import parse_id
from saduak.problems import Problem

PROVINCES = "provinces"  # every province
PROVINCE = "province"  # every local government of one province
LAO_TYPE = "lao_type"  # every local government of a type, in the country or a province
OVERSEEN = "overseen"  # every unit the sender oversees
CHOSEN = "chosen"  # organisations chosen one by one
SAVED = "saved"  # a saved list of the sender's

# How many organisations a search for one-by-one choosing shows.
SEARCH_LIMIT = 20
# The longest search text read.
SEARCH_MAX = 100
# How many names a description of one-by-one choices spells out.
NAMED = 5


@dataclass(frozen=True)
class Group:
    kind: str
    # A province code (PROVINCE; LAO_TYPE within a province), a local government type
    # (LAO_TYPE) or a saved list's id (SAVED).
    province: str = ""
    lao_type: str = ""
    list_id: int | None = None
    ids: tuple[int, ...] = ()

    def as_data(self) -> dict[str, Any]:
        data = asdict(self)
        data["ids"] = list(self.ids)
        return data


def _active(sender: Organisation) -> OrganisationQuerySet:
    return Organisation.objects.filter(is_active=True).exclude(pk=sender.pk)


def members(group: Group, *, sender: Organisation) -> QuerySet[Organisation]:
    """The organisations of one group, as one query."""
    lg = Organisation.Kind.LOCAL_GOVERNMENT
    queryset = _active(sender)
    if group.kind == PROVINCES:
        return queryset.filter(kind=Organisation.Kind.PROVINCE)
    if group.kind == PROVINCE:
        return queryset.filter(kind=lg, province_id=group.province)
    if group.kind == LAO_TYPE:
        queryset = queryset.filter(kind=lg, lao_type=group.lao_type)
        return queryset.filter(province_id=group.province) if group.province else queryset
    if group.kind == OVERSEEN:
        return queryset.filter(cap.overseen_by(sender))
    if group.kind == CHOSEN:
        return queryset.filter(pk__in=list(group.ids))
    if group.kind == SAVED:
        listed = RecipientListMember.objects.filter(
            recipient_list_id=group.list_id, recipient_list__owner=sender
        ).values("organisation_id")
        return queryset.filter(pk__in=listed)
    return queryset.none()


def resolve(groups: list[Group], *, sender: Organisation) -> list[int]:
    """The ids of every organisation the groups hold, each once, in id order: one query
    per group."""
    found: set[int] = set()
    for group in groups:
        found.update(members(group, sender=sender).values_list("pk", flat=True))
    return sorted(found)


# --- reading what the sender chose ------------------------------------------------------


def _values(data: Mapping[str, Any], name: str) -> list[str]:
    getlist = getattr(data, "getlist", None)
    raw = getlist(name) if getlist else data.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    return [str(value).strip() for value in raw if str(value).strip()]


def from_form(
    data: Mapping[str, Any], *, sender: Organisation
) -> tuple[list[Group], list[Problem]]:
    """The groups chosen on the send page (a GET or POST QueryDict), and a problem for
    each value no group can be made of (each on its field)."""
    groups: list[Group] = []
    problems: list[Problem] = []
    if _values(data, "provinces"):
        groups.append(Group(PROVINCES))
    provinces = set(Province.objects.values_list("code", flat=True))
    for code in dict.fromkeys(_values(data, "province")):
        if code in provinces:
            groups.append(Group(PROVINCE, province=code))
        else:
            problems.append(Problem("province", _("Choose a province from the list.")))
    types = {value for value, _label in Organisation.LaoType.choices}
    within = (_values(data, "lao_province") or [""])[0]
    if within and within not in provinces:
        problems.append(Problem("lao_province", _("Choose a province from the list.")))
        within = ""
    for lao_type in dict.fromkeys(_values(data, "lao_type")):
        if lao_type in types:
            groups.append(Group(LAO_TYPE, lao_type=lao_type, province=within))
        else:
            problems.append(Problem("lao_type", _("Choose a type of local government.")))
    if _values(data, "overseen"):
        groups.append(Group(OVERSEEN))
    owned = set(RecipientList.objects.filter(owner=sender).values_list("pk", flat=True))
    for raw in dict.fromkeys(_values(data, "saved")):
        list_id = parse_id(raw)
        if list_id in owned:
            groups.append(Group(SAVED, list_id=list_id))
        else:
            problems.append(Problem("saved", _("Choose one of your organisation's saved lists.")))
    ids = []
    for raw in _values(data, "org"):
        pk = parse_id(raw)
        if pk is None:
            problems.append(Problem("org", _("Choose organisations from the search results.")))
        elif pk not in ids:
            ids.append(pk)
    if ids:
        groups.append(Group(CHOSEN, ids=tuple(ids)))
    return groups, problems


def as_query(groups: list[Group]) -> list[tuple[str, str]]:
    """The form fields that choose these groups again (the confirmation page's hidden
    fields, a link back to the choice)."""
    fields: list[tuple[str, str]] = []
    lao_province = ""
    for group in groups:
        if group.kind == PROVINCES:
            fields.append(("provinces", "1"))
        elif group.kind == PROVINCE:
            fields.append(("province", group.province))
        elif group.kind == LAO_TYPE:
            fields.append(("lao_type", group.lao_type))
            lao_province = group.province
        elif group.kind == OVERSEEN:
            fields.append(("overseen", "1"))
        elif group.kind == SAVED:
            fields.append(("saved", str(group.list_id)))
        elif group.kind == CHOSEN:
            fields.extend(("org", str(pk)) for pk in group.ids)
    if lao_province:
        fields.append(("lao_province", lao_province))
    return fields


# --- saying what was chosen -------------------------------------------------------------


def describe(groups: list[Group], *, sender: Organisation) -> list[str]:
    """Each group in words, in the active language: "every local government of
    Pattani", "3 organisations chosen one by one: …"."""
    codes = {g.province for g in groups if g.province}
    provinces = dict(Province.objects.filter(code__in=codes).values_list("code", "name_th"))
    types = dict(Organisation.LaoType.choices)
    lists = dict(
        RecipientList.objects.filter(
            owner=sender, pk__in=[g.list_id for g in groups if g.kind == SAVED]
        ).values_list("pk", "name")
    )
    chosen = [pk for g in groups if g.kind == CHOSEN for pk in g.ids]
    names = dict(Organisation.objects.filter(pk__in=chosen).values_list("pk", "name_th"))
    described = []
    for group in groups:
        province = provinces.get(group.province, group.province)
        if group.kind == PROVINCES:
            text = _("Every province")
        elif group.kind == PROVINCE:
            text = _("Every local government of %(province)s") % {"province": province}
        elif group.kind == LAO_TYPE and group.province:
            text = _("Every %(type)s of %(province)s") % {
                "type": types.get(group.lao_type, group.lao_type),
                "province": province,
            }
        elif group.kind == LAO_TYPE:
            text = _("Every %(type)s in the country") % {
                "type": types.get(group.lao_type, group.lao_type)
            }
        elif group.kind == OVERSEEN:
            text = _("Every unit %(sender)s oversees") % {"sender": sender.name_th}
        elif group.kind == SAVED:
            text = _("Saved list “%(name)s”") % {"name": lists.get(group.list_id or 0, "?")}
        else:
            listed = [names[pk] for pk in group.ids if pk in names]
            text = ngettext(
                "%(count)s organisation chosen one by one: %(names)s",
                "%(count)s organisations chosen one by one: %(names)s",
                len(group.ids),
            ) % {"count": len(group.ids), "names": ", ".join(listed[:NAMED])}
            if len(listed) > NAMED:
                text += " " + _("and %(more)s more") % {"more": len(listed) - NAMED}
        described.append(text)
    return described


def stored_selection(groups: list[Group], *, sender: Organisation) -> dict[str, Any]:
    """What `Letter.selection` keeps: the groups, and their description in Thai (the
    language of the letter itself), as they were when the letter was sent."""
    with translation.override("th"):
        described = describe(groups, sender=sender)
    return {"groups": [g.as_data() for g in groups], "described": described}


# --- what the send page offers ----------------------------------------------------------


def search(text: str, *, sender: Organisation) -> list[Organisation]:
    """Active organisations whose name or code holds the text, for choosing one by one."""
    text = text.strip()
    if not text:
        return []
    found = _active(sender).search(text).select_related("province")
    return list(found.order_by("name_th")[:SEARCH_LIMIT])


def chosen(ids: list[int], *, sender: Organisation) -> list[Organisation]:
    """The organisations chosen one by one so far, to show them ticked."""
    return list(_active(sender).filter(pk__in=ids).order_by("name_th"))


def saved_lists(sender: Organisation) -> QuerySet[RecipientList]:
    return RecipientList.objects.filter(owner=sender).order_by("name")


def provinces() -> QuerySet[Province]:
    return Province.objects.order_by("name_th")


def search_text(data: Mapping[str, Any]) -> str:
    """The one-by-one search as typed, without NUL bytes, at most SEARCH_MAX characters."""
    return str(data.get("q", "")).replace("\x00", "").strip()[:SEARCH_MAX]


def picker(groups: list[Group], data: Mapping[str, Any], *, sender: Organisation) -> dict[str, Any]:
    """What the registry groups' form (correspondence/_registry_groups.html) shows ticked,
    for the letters' sending page and the campaigns' targets page alike."""
    kinds = {g.kind for g in groups}
    return {
        "provinces": provinces(),
        "chosen_provinces": {g.province for g in groups if g.kind == PROVINCE},
        "lao_types": Organisation.LaoType.choices,
        "chosen_types": {g.lao_type for g in groups if g.kind == LAO_TYPE},
        "lao_province": next(
            (g.province for g in groups if g.kind == LAO_TYPE and g.province),
            str(data.get("lao_province", ""))[:2],
        ),
        "all_provinces": PROVINCES in kinds,
        "overseen": OVERSEEN in kinds,
        "saved_lists": saved_lists(sender),
        "chosen_lists": {g.list_id for g in groups if g.kind == SAVED},
        "q": search_text(data),
    }
