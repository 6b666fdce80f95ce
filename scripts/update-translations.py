"""Refresh the translation sources from the code, then compile them.

    uv run python scripts/update-translations.py           # lupdate + lrelease
    uv run python scripts/update-translations.py --check   # exit 1 if anything is stale

pyside6-lupdate reads every module of the package (tr(), QCoreApplication.translate(),
and core's QT_TRANSLATE_NOOP marks) into trigger_desk/i18n/trigger_desk_<lang>.ts; a
translator edits the .ts (Qt Linguist, or any editor); pyside6-lrelease compiles it into
the .qm the window loads. Both files are committed, so a fresh clone needs no step.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "trigger_desk"
I18N = PACKAGE / "i18n"
# English needs only its plural forms ("%n call(s)"); the others need every text.
LANGUAGES = ("en", "ru")


def ts_path(language: str, folder: Path = I18N) -> Path:
    return folder / f"trigger_desk_{language}.ts"


def sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def lupdate(ts: Path, language: str) -> None:
    """Merge the code's texts into `ts` (no line numbers: edits elsewhere change nothing)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lst", delete=False) as listing:
        listing.write("\n".join(str(p) for p in sources()))
    args = ["pyside6-lupdate", f"@{listing.name}", "-locations", "none", "-no-obsolete"]
    args += ["-source-language", "en", "-target-language", language]
    if language == "en":
        args.append("-pluralonly")
    try:
        subprocess.run([*args, "-silent", "-ts", str(ts)], check=True)
    finally:
        Path(listing.name).unlink()


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run(["pyside6-lrelease", "-silent", str(ts), "-qm", str(qm)], check=True)


def stale() -> list[str]:
    """What `update` would change, without changing anything."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            ts, copy = ts_path(language), ts_path(language, Path(tmp))
            shutil.copyfile(ts, copy)
            lupdate(copy, language)
            if copy.read_bytes() != ts.read_bytes():
                problems.append(f"{ts.name}: the code's texts differ (run this script)")
            qm = Path(tmp) / f"{ts.stem}.qm"
            lrelease(ts, qm)
            if (
                not ts.with_suffix(".qm").exists()
                or qm.read_bytes() != ts.with_suffix(".qm").read_bytes()
            ):
                problems.append(f"{ts.stem}.qm: not compiled from {ts.name} (run this script)")
    return problems


def update() -> None:
    for language in LANGUAGES:
        ts = ts_path(language)
        lupdate(ts, language)
        lrelease(ts, ts.with_suffix(".qm"))


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = stale()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
