"""A dashboard's files prepared in the background (downloads/): the Excel workbook and
the Thai PDF report of a scope. Each is made as the account that asked, through its
own Scope, so the file holds what its dashboard shows it and nothing more; the check
is asked again when the file is made and each time it is downloaded."""

import re
import unicodedata
from typing import Any

from django.http import Http404, QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import capabilities as cap
from downloads.models import Download
from downloads.preparing import Made, Progress, register
from oversight import exports, pdf
from oversight.scopes import Scope, scope_for
from registry.models import Organisation
from saduak.exports import XLSX
from thaicalendar.dates import be_year, local_date

XLSX_MAKER = "oversight.xlsx"
PDF_MAKER = "oversight.pdf"


def params_of(scope: Scope) -> dict[str, Any]:
    """What the file is about (ids, never objects), and the account's oversight now: the
    file is handed over only while the account still oversees all it holds."""
    return {
        "organisation": scope.organisation.pk if scope.organisation is not None else None,
        "province": scope.province.code if scope.province is not None else "",
        "district": scope.district.code if scope.district is not None else "",
        "reach": cap.reach(scope.viewer, cap.OVERSEE),
    }


def title_of(scope: Scope, kind: str) -> str:
    """The download's name in the reader's language."""
    return _("Dashboard of %(scope)s (%(kind)s)") % {"scope": scope.title, "kind": kind}


def _scope(user: Any, params: dict[str, Any]) -> Scope:
    query = QueryDict(mutable=True)
    for name in ("province", "district"):
        if params.get(name):
            query[name] = str(params[name])
    return scope_for(user, params.get("organisation"), query)


def check(user: Any, params: dict[str, Any]) -> None:
    """404 when the account no longer oversees the scope, or no longer oversees some
    organisation it oversaw in it when it asked (a role removed or moved)."""
    scope = _scope(user, params)
    # The scope's organisations as the kept reach saw them, not cut by today's reach.
    within = Organisation.objects.filter(scope.territory())
    if cap.lost_reach(user, params.get("reach"), within, via="", capability=cap.OVERSEE):
        raise Http404


def _name(scope: Scope, suffix: str) -> str:
    """แดชบอร์ด-<the scope's Thai title>-<BE yyyymmdd>, such as
    "แดชบอร์ด-ทั้งประเทศ-ปัตตานี-25691204.xlsx": Thai like the file (its BE date in
    Arabic digits, as the project's other file names), with nothing a file system
    refuses. The download page sends a non-ASCII name as RFC 6266's filename* (Django's
    FileResponse), which every browser reads."""
    day = local_date(timezone.now())
    with translation.override("th"):
        title = scope.title
    # No control or format characters (a NUL, a right-to-left override) from a name.
    title = "".join(c for c in title if unicodedata.category(c) not in ("Cc", "Cf"))
    words = [w for w in re.split(r"[\s·/\\:*?\"<>|]+", title) if w]
    end = f"-{be_year(day.year)}{day:%m%d}.{suffix}"
    # The title shortened, not the date and the extension, under the downloads' 200.
    room = (Download._meta.get_field("filename").max_length or 200) - len(end)
    return f"แดชบอร์ด-{'-'.join(words)}"[:room] + end


@register(XLSX_MAKER, check=check)
def dashboard_workbook(user: Any, params: dict[str, Any], progress: Progress) -> Made:
    scope = _scope(user, params)
    content = exports.workbook(scope, local_date(timezone.now()), progress)
    return _name(scope, "xlsx"), XLSX, content


@register(PDF_MAKER, check=check)
def dashboard_pdf(user: Any, params: dict[str, Any], progress: Progress) -> Made:
    scope = _scope(user, params)
    content = pdf.render_report(scope, local_date(timezone.now()), progress)
    return _name(scope, "pdf"), "application/pdf", content
