"""The menu, built from the account's roles so each person sees what they answer for."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import capabilities as cap


def _item(url_name: str, label: Any, *matches: str) -> dict[str, Any]:
    return {"url": reverse(url_name), "label": label, "matches": matches or (url_name,)}


def _letter_items(user: Any) -> list[dict[str, Any]]:
    """Official letters: the inbox and outbox for those who read an organisation's
    letters, writing one for those who correspond for it."""
    if cap.where(user, cap.READ_LETTERS).is_empty:
        return []
    items = [
        _item("correspondence:inbox", _("Inbox"), "correspondence:inbox", "correspondence:copy"),
        _item("correspondence:outbox", _("Outbox"), "correspondence:outbox"),
    ]
    if cap.can(user, cap.CORRESPOND):
        items.append(
            _item("correspondence:letter_new", _("Write a letter"), "correspondence:letter_new")
        )
    return items


def menu_for(user: Any) -> list[dict[str, Any]]:
    """The pages the account may use, in the order a person works through them."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = [_item("home", _("Home"))]
    items.extend(_letter_items(user))
    # The registry for those who read organisations; screeners and assessors read only
    # the applications assigned to them.
    if not cap.where(user, cap.READ).is_empty:
        items.append(
            _item(
                "registry:organisation_list",
                _("Registry"),
                "registry:organisation",
                "registry:centre",
                "registry:counter",
            )
        )
    if cap.can(user, cap.FILL) or cap.can(user, cap.REVIEW_REPORTS):
        items.append(
            _item(
                "maintenance:report_list",
                _("Reports"),
                "maintenance:report",
                "maintenance:submit",
                "maintenance:version",
                "maintenance:evidence",
            )
        )
    if cap.can(user, cap.OVERSEE):
        items.append(_item("oversight:dashboard", _("Dashboard"), "oversight:"))
        items.append(
            _item("maintenance:completeness", _("Completeness"), "maintenance:completeness")
        )
        items.append(_item("survey:area_results", _("Survey results"), "survey:area_results"))
    if cap.can(user, cap.SEE_SUSPECTS):
        items.append(_item("survey:suspect_list", _("Suspect answers"), "survey:suspect"))
    items.extend(_certification_items(user))
    # Campaign surveys: those who follow an organisation's campaigns start from their
    # list (which links to the surveys their own units must answer); a unit's other
    # people from the surveys their unit is asked.
    if cap.can(user, cap.READ_CAMPAIGNS):
        items.append(_item("campaigns:campaign_list", _("Campaign surveys"), "campaigns:"))
    elif not cap.where(user, cap.READ).is_empty:
        items.append(_item("campaigns:to_answer", _("Campaign surveys"), "campaigns:"))
    if cap.can(user, cap.READ):
        items.append(_item("standards:list", _("Standards"), "standards:"))
    if cap.can(user, cap.LIST_STAFF):
        items.append(_item("accounts:staff_list", _("Staff"), "accounts:"))
    if cap.can(user, cap.ADMINISTER):
        items.append(_item("maintenance:rounds", _("Rounds"), "maintenance:round"))
        items.append(_item("registry:lao_import", _("Import LAO register"), "registry:lao_import"))
        items.append(_item("audit:event_list", _("Audit trail"), "audit:"))
    return items


def _certification_items(user: Any) -> list[dict[str, Any]]:
    """Certification's pages: the calls for those who apply, run or oversee it; the
    screening queue and the site assessments for those assigned to them."""
    items = []
    applies = cap.can(user, cap.APPLY)
    runs = cap.can(user, cap.RUN_CERTIFICATION)
    oversees = cap.can(user, cap.OVERSEE)
    if applies or runs or oversees:
        items.append(_item("certification:calls", _("Certification"), "certification:call"))
    if applies or runs or oversees or cap.can(user, cap.ENDORSE):
        items.append(
            _item("certification:applications", _("Applications"), "certification:application")
        )
    # OPS PMO assigns the queue; a screener works through its own share of it.
    if runs or cap.can(user, cap.SCREEN):
        items.append(
            _item(
                "certification:screening_queue",
                pgettext_lazy("menu", "Document screening"),
                "certification:screen",
            )
        )
    if cap.can(user, cap.ASSESS):
        items.append(
            _item(
                "certification:assessments",
                pgettext_lazy("menu", "Site assessment"),
                "certification:assess",
            )
        )
    if applies or runs or oversees:
        items.append(
            _item(
                "certification:certificates",
                _("Certificates"),
                "certification:certificate",
                "certification:watch",
            )
        )
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    view_name = request.resolver_match.view_name if request.resolver_match else ""
    items = menu_for(request.user)
    for item in items:
        item["current"] = any(view_name.startswith(m) for m in item["matches"])
    return {"menu": items}
