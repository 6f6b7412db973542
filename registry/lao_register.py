"""Import of the register of local governments (LAOs) from CSV or Excel.

No public list of LAOs exists (DOMAIN.md §5), so an OPS PMO administrator imports the
DLA's register. The file is checked whole first: the preview lists every error with
its row and column, and the import then writes all rows or none. A row is matched to
an existing organisation by its code, so importing the same file again updates rather
than duplicates. Columns are documented in docs/lao-register.md.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditEvent
from audit.services import snapshot
from registry.models import District, Organisation, Province
from registry.services import save_organisation
from saduak import uploads
from thaicalendar.dates import arabic_digits

LaoType = Organisation.LaoType

# Header names accepted for each column: the English key or its Thai heading.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "รหัส", "รหัส อปท.", "รหัสอปท"),
    "name_th": ("name_th", "ชื่อ", "ชื่อภาษาไทย", "ชื่อ อปท."),
    "name_en": ("name_en", "ชื่อภาษาอังกฤษ"),
    "lao_type": ("lao_type", "ประเภท", "ประเภท อปท."),
    "province_code": ("province_code", "รหัสจังหวัด"),
    "district_code": ("district_code", "รหัสอำเภอ"),
    "parent_code": ("parent_code", "รหัสหน่วยงานกำกับ"),
}
REQUIRED = ("code", "name_th", "lao_type", "province_code")

# The words people write for each type, on forms and in DLA lists.
LAO_TYPE_WORDS: dict[str, str] = {
    "pao": LaoType.PAO,
    "อบจ": LaoType.PAO,
    "องค์การบริหารส่วนจังหวัด": LaoType.PAO,
    "city_municipality": LaoType.CITY_MUNICIPALITY,
    "ทน": LaoType.CITY_MUNICIPALITY,
    "เทศบาลนคร": LaoType.CITY_MUNICIPALITY,
    "town_municipality": LaoType.TOWN_MUNICIPALITY,
    "ทม": LaoType.TOWN_MUNICIPALITY,
    "เทศบาลเมือง": LaoType.TOWN_MUNICIPALITY,
    "subdistrict_municipality": LaoType.SUBDISTRICT_MUNICIPALITY,
    "ทต": LaoType.SUBDISTRICT_MUNICIPALITY,
    "เทศบาลตำบล": LaoType.SUBDISTRICT_MUNICIPALITY,
    "sao": LaoType.SAO,
    "อบต": LaoType.SAO,
    "องค์การบริหารส่วนตำบล": LaoType.SAO,
    "special": LaoType.SPECIAL,
    "พิเศษ": LaoType.SPECIAL,
    "รูปแบบพิเศษ": LaoType.SPECIAL,
}
# A PAO covers its whole province and a special LAO (Bangkok, Pattaya) has its own
# territory, so only these may leave the district empty.
WITHOUT_DISTRICT = {LaoType.PAO, LaoType.SPECIAL}


class RegisterFileError(Exception):
    """The file as a whole cannot be read (format, encoding, missing columns)."""


# The heading shown for a column the file does not have, in messages.
HEADINGS = {key: aliases[1] for key, aliases in COLUMNS.items()}


@dataclass
class RowError:
    row: int
    column: str  # the column's heading in the person's file
    message: str


@dataclass
class Preview:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new_count: int = 0
    update_count: int = 0
    unchanged_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def changes_nothing(self) -> bool:
        return not self.new_count and not self.update_count


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel turns codes into numbers: 94 arrives as 94.0
    return str(value).strip()


def read_table(filename: str, content: bytes) -> list[uploads.Row]:
    try:
        return uploads.read_table(filename, content)
    except uploads.FileRefused as exc:
        raise RegisterFileError(str(exc)) from exc


def _matches(cells: list[Any]) -> dict[str, int]:
    wanted = {alias.strip().lower(): key for key, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    for index, heading in enumerate(cells):
        key = wanted.get(_text(heading).lower())
        if key and key not in found:
            found[key] = index
    return found


def _header(rows: list[uploads.Row]) -> tuple[int, dict[str, int], list[str]]:
    """The header row (wherever it is among the first rows, under a title), the column
    of each field, and the headings as the file writes them."""
    index = uploads.find_header(rows, lambda cells: len(_matches(cells)))
    found = _matches(rows[index].cells) if index is not None else {}
    missing = [key for key in REQUIRED if key not in found]
    if missing:
        raise RegisterFileError(
            _(
                "No row among the first %(n)s names the columns %(columns)s. Put the "
                "headings in one row above the data."
            )
            % {
                "n": uploads.HEADER_WINDOW,
                "columns": ", ".join(f"“{HEADINGS[key]}”" for key in missing),
            }
        )
    assert index is not None
    return index, found, [_text(c) for c in rows[index].cells]


def _lao_type(value: str) -> str | None:
    key = value.strip().lower().replace(".", "").replace(" ", "")
    return LAO_TYPE_WORDS.get(key)


def _digits(value: str) -> str:
    value = arabic_digits(value.strip())
    # Excel turns codes into numbers: "94" may arrive as "94.0".
    return value[:-2] if value.endswith(".0") else value


def default_supervisor(province_code: str) -> Organisation | None:
    """The Provincial Office for Local Administration of a province: the provincial
    office there under the department named by LAO_DEPARTMENT_CODE (DLA)."""
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.PROVINCIAL_OFFICE,
            province_id=province_code,
            parent__code=settings.LAO_DEPARTMENT_CODE,
        )
        .order_by("pk")
        .first()
    )


def preview(filename: str, content: bytes) -> Preview:
    """Check every row; nothing is written."""
    table = read_table(filename, content)
    if not table:
        raise RegisterFileError(_("The file is empty."))
    header_index, columns, headings = _header(table)

    def heading(key: str) -> str:
        """The column as the person's file heads it."""
        index = columns.get(key)
        return headings[index] if index is not None else HEADINGS[key]

    provinces = set(Province.objects.values_list("code", flat=True))
    districts = dict(District.objects.values_list("code", "province_id"))
    existing = {
        o.code: o
        for o in Organisation.objects.all().only(
            "id", "code", "kind", "name_th", "name_en", "lao_type", "province", "district", "parent"
        )
    }
    supervisors: dict[str, Organisation | None] = {}
    result = Preview()
    seen: dict[str, int] = {}

    for source in table[header_index + 1 :]:
        line = source.number

        def cell(key: str, raw: list[Any] = source.cells) -> str:
            index = columns.get(key)
            return _text(raw[index]) if index is not None and index < len(raw) else ""

        def error(key: str, message: str, line: int = line) -> None:
            result.errors.append(RowError(line, heading(key), message))

        row: dict[str, Any] = {"line": line}
        code = _digits(cell("code"))
        row["code"] = code
        if not code:
            error("code", _("The code is empty."))
        elif code in seen:
            error(
                "code",
                _("Code %(code)s is also on row %(row)s.") % {"code": code, "row": seen[code]},
            )
        else:
            seen[code] = line
            other = existing.get(code)
            if other and other.kind != Organisation.Kind.LOCAL_GOVERNMENT:
                error(
                    "code",
                    _(
                        "Code %(code)s belongs to %(name)s, registered as “%(kind)s”, not as "
                        "a local government."
                    )
                    % {"code": code, "name": other.name_th, "kind": other.get_kind_display()},
                )

        row["name_th"] = cell("name_th")
        row["name_en"] = cell("name_en")
        if not row["name_th"]:
            error("name_th", _("The Thai name is empty."))

        lao_type = _lao_type(cell("lao_type"))
        row["lao_type"] = lao_type
        if lao_type is None:
            error(
                "lao_type",
                _("Unknown local government type “%(value)s”.") % {"value": cell("lao_type")},
            )

        province = _digits(cell("province_code"))
        row["province_id"] = province
        if province not in provinces:
            error("province_code", _("No province has code “%(value)s”.") % {"value": province})

        district = _digits(cell("district_code"))
        row["district_id"] = district or None
        if district:
            if district not in districts:
                error("district_code", _("No district has code “%(value)s”.") % {"value": district})
            elif province in provinces and districts[district] != province:
                error(
                    "district_code",
                    _("District %(district)s is not in province %(province)s.")
                    % {"district": district, "province": province},
                )
        elif lao_type and lao_type not in WITHOUT_DISTRICT:
            error(
                "district_code",
                _(
                    "The district code is empty; only a PAO or a special local government "
                    "may leave it empty."
                ),
            )

        parent_code = _digits(cell("parent_code"))
        row["parent"] = None
        if parent_code:
            row["parent"] = existing.get(parent_code)
            if row["parent"] is None:
                error(
                    "parent_code",
                    _("No organisation has code “%(value)s”.") % {"value": parent_code},
                )
            elif parent_code == code:
                error("parent_code", _("An organisation cannot supervise itself."))
        elif province in provinces:
            if province not in supervisors:
                supervisors[province] = default_supervisor(province)
            row["parent"] = supervisors[province]
            if row["parent"] is None:
                error(
                    "parent_code",
                    _(
                        "The parent code is empty and province %(province)s has no Provincial "
                        "Office for Local Administration registered. Register it or fill in "
                        "the parent code."
                    )
                    % {"province": province},
                )

        row["lao_type_label"] = LaoType(lao_type).label if lao_type else ""
        current = existing.get(code)
        if current is None:
            result.new_count += 1
        elif _unchanged(current, row):
            result.unchanged_count += 1
        else:
            result.update_count += 1
        result.rows.append(row)
    if not result.rows:
        raise RegisterFileError(_("The file has a header row but no data rows."))
    return result


def _unchanged(org: Organisation, row: dict[str, Any]) -> bool:
    parent = row["parent"]
    return (
        org.kind == Organisation.Kind.LOCAL_GOVERNMENT
        and (org.name_th, org.name_en, org.lao_type)
        == (row["name_th"], row["name_en"], row["lao_type"])
        and (org.province_id, org.district_id) == (row["province_id"], row["district_id"])
        and org.parent_id == (parent.pk if parent else None)
    )


@transaction.atomic
def commit(*, actor: Any, filename: str, content: bytes) -> Preview:
    """Check the file again and write every row, or raise and write nothing."""
    checked = preview(filename, content)
    if not checked.ok:
        raise RegisterFileError(_("The file has errors; nothing was imported."))
    existing = {
        o.code: o for o in Organisation.objects.filter(code__in=[r["code"] for r in checked.rows])
    }
    for row in checked.rows:
        org = existing.get(row["code"]) or Organisation(code=row["code"])
        before = snapshot(org)
        org.name_th = row["name_th"]
        org.name_en = row["name_en"]
        org.kind = Organisation.Kind.LOCAL_GOVERNMENT
        org.lao_type = row["lao_type"]
        org.province_id = row["province_id"]
        org.district_id = row["district_id"]
        org.parent = row["parent"]
        if org.pk is None or before != snapshot(org):  # unchanged rows: no write, no noise
            save_organisation(actor=actor, org=org, action=AuditEvent.Action.IMPORT)
    return checked
