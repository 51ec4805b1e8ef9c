"""bench/mutation.md from the last `mutmut run`: what ran, and every mutant no test killed.

`make mutation` runs mutmut ([tool.mutmut] in pyproject.toml) and then this. Each
surviving mutant is listed with its diff and, when bench/mutation_notes.yaml has an
entry whose pattern matches its name, why it survives (an equivalent mutant, or a
change no reader could see). A survivor with no note is listed as unexplained.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import yaml

from bench import report

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
NOTES = ROOT / "bench" / "mutation_notes.yaml"  # the run's account, and general notes
# Notes by module (bench/mutation_notes_<module>.yaml), read after the general ones.
# mutmut's exit codes (mutmut.stats.status_by_exit_code), the ones a run produces.
STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 36: "timeout"}
STATUS.update({None: "not checked", 2: "interrupted", 34: "skipped", -9: "segfault"})
COLUMNS = ("killed", "survived", "no tests", "timeout", "not checked")


def mutated_and_tests() -> list[Path]:
    """The files a run's result depends on: the mutated modules and the tests it runs."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mutmut"]
    mutated = {p for pattern in settings["only_mutate"] for p in ROOT.glob(pattern)}
    tests = {ROOT / t for t in settings["pytest_add_cli_args_test_selection"]}
    # The conftest.py files above each selected test (their fixtures), and the scopes.
    folders = {folder for t in tests for folder in t.parents if ROOT in folder.parents}
    conftests = {f / "conftest.py" for f in folders if (f / "conftest.py").exists()}
    support = conftests | {ROOT / "tests" / "scopes.py"}
    return sorted(p for p in mutated | tests | support if p.suffix == ".py")


def fingerprint() -> str:
    """One hash of those files: the report holds for any commit where it is the same."""
    digest = hashlib.sha256()
    for path in mutated_and_tests():
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _status(code: int | None) -> str:
    return STATUS.get(code, "suspicious" if code not in (24, -24, 152, 255) else "timeout")


def _diff(name: str, source: str) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant  # only where mutmut is installed

    lines = get_diff_for_mutant(name, path=source).splitlines()
    return "\n".join(line for line in lines[2:] if line.startswith(("-", "+")))


def _note(name: str, notes: dict[str, str]) -> str | None:
    return next((why for pattern, why in notes.items() if fnmatch.fnmatch(name, pattern)), None)


def collect(notes: dict[str, str]) -> dict:
    """Counts by module and the survivors with their diffs and notes."""
    modules, survivors = [], []
    for meta in sorted(MUTANTS.rglob("*.py.meta")):
        source = str(meta.relative_to(MUTANTS)).removesuffix(".meta")
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        if not codes:
            continue
        counts = Counter(_status(code) for code in codes.values())
        modules.append({"path": source, "total": len(codes), **{c: counts[c] for c in COLUMNS}})
        for name, code in sorted(codes.items()):
            if _status(code) in ("survived", "no tests"):
                survivors.append(
                    {
                        "name": name,
                        "status": _status(code),
                        "diff": _diff(name, source),
                        "note": _note(name, notes),
                    }
                )
    return {"modules": modules, "survivors": survivors}


def main(out: Path) -> None:
    kept = yaml.safe_load(NOTES.read_text(encoding="utf-8")) or {}
    notes = dict(kept.get("notes") or {})
    for extra in sorted(NOTES.parent.glob("mutation_notes_*.yaml")):
        notes.update((yaml.safe_load(extra.read_text(encoding="utf-8")) or {}).get("notes") or {})
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    env = report.environment()
    context = collect(notes)
    totals = {c: sum(m[c] for m in context["modules"]) for c in ("total", *COLUMNS)}
    unexplained = [s for s in context["survivors"] if s["note"] is None]
    text = env.get_template("mutation.md.j2").render(
        commit=commit,
        fingerprint=fingerprint(),
        files=[str(p.relative_to(ROOT)) for p in mutated_and_tests()],
        run=kept.get("run", "").strip(),
        totals=totals,
        unexplained=len(unexplained),
        columns=COLUMNS,
        **context,
    )
    out.write_text(text, encoding="utf-8")
    print(f"{out}: {totals['survived']} survived, {len(unexplained)} unexplained")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench" / "mutation.md"))
