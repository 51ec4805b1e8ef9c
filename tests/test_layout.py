"""The layout shows the pipeline: the stage folders' imports only ever point backwards.

raw -> ingest -> analysis -> render -> hooks. A module may import its own stage or an
earlier one, never a later one; the shared modules at the top of build_data/ (paths,
constants, formatting, templating, reference) import no stage at all; nothing in the
product imports the benchmark or the tests. And the size rules of CONTRIBUTING: no
module over 600 lines, no function over 60.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "build_data"
STAGES = ("ingest", "analysis", "render", "hooks")
BASE = ("paths", "constants", "formatting", "templating", "reference")


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def imported(path: Path) -> set[str]:
    """Every module name `path` imports, absolute, at any depth (lazy imports included)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def stage_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "build_data" and parts[1] in STAGES else None


def backward_imports(path: Path, stage: str) -> list[str]:
    """Imports of `path` (in `stage`) that point at a later stage."""
    rank = STAGES.index(stage)
    return sorted(
        name
        for name in imported(path)
        if (other := stage_of(name)) is not None and STAGES.index(other) > rank
    )


@pytest.mark.parametrize("stage", STAGES)
def test_no_stage_imports_a_later_one(stage: str) -> None:
    found = {
        str(path.relative_to(ROOT)): bad
        for path in _modules(PACKAGE / stage)
        if (bad := backward_imports(path, stage))
    }
    assert found == {}


def test_the_shared_modules_import_no_stage() -> None:
    found = {
        name: sorted(n for n in imported(PACKAGE / f"{name}.py") if stage_of(n)) for name in BASE
    }
    assert found == {name: [] for name in BASE}


def test_the_product_imports_neither_the_bench_nor_the_tests() -> None:
    found = {
        str(path.relative_to(ROOT)): sorted(
            n for n in imported(path) if n.split(".")[0] in {"bench", "tests", "conftest"}
        )
        for path in _modules(PACKAGE)
    }
    assert {k: v for k, v in found.items() if v} == {}


def test_the_rule_catches_a_backward_import(tmp_path: Path) -> None:
    module = tmp_path / "stats.py"
    module.write_text("def f():\n    from build_data.render import pages\n")
    assert backward_imports(module, "analysis") == [
        "build_data.render",
        "build_data.render.pages",
    ]


def _too_long(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > 60
    ]


def test_no_module_over_600_lines_and_no_function_over_60() -> None:
    modules = _modules(PACKAGE) + _modules(ROOT / "bench")
    long_modules = {
        str(p.relative_to(ROOT)): n
        for p in modules
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 600
    }
    long_functions = {str(p.relative_to(ROOT)): f for p in modules if (f := _too_long(p))}
    assert (long_modules, long_functions) == ({}, {})
