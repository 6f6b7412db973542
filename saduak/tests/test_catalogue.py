"""Thai is the default language, so its catalogue must be complete: every string the
code and templates mark for translation has a Thai text, and the compiled catalogue
matches the source one."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "th" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SKIP = shutil.ignore_patterns(
    ".venv", "var", ".git", "__pycache__", "*.sqlite3", "*.mo", ".*cache", ".hypothesis"
)


def translations(entries: list[polib.POEntry] | polib.MOFile) -> dict[tuple[str, str], str]:
    result = {}
    for e in entries:
        text = e.msgstr or "|".join(v for _, v in sorted(e.msgstr_plural.items()))
        result[(e.msgctxt or "", e.msgid)] = text
    return result


def test_every_entry_is_translated_and_none_is_fuzzy() -> None:
    catalogue = polib.pofile(str(PO))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_the_compiled_catalogue_is_up_to_date() -> None:
    source = translations([e for e in polib.pofile(str(PO)) if not e.obsolete])
    compiled = translations([e for e in polib.mofile(str(MO)) if e.msgid])
    assert compiled == source, "run `make messages` to compile locale/th"


def test_every_marked_string_is_in_the_catalogue(tmp_path: Path) -> None:
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=SKIP)
    shutil.rmtree(copy / "locale")
    (copy / "locale").mkdir()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "th",
            "--no-location",
            "--ignore=*/tests/*",
            "--ignore=conftest.py",
            "--ignore=bench",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    extracted = polib.pofile(str(copy / "locale" / "th" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt or "", e.msgid) for e in polib.pofile(str(PO)) if e.translated()}
    missing = [e.msgid for e in extracted if (e.msgctxt or "", e.msgid) not in known]
    assert missing == [], "untranslated strings; run `make messages` and translate them"
