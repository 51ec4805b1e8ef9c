"""Publish the committed data as an edition on the local gh-pages branch, with mike.

`python -m build_data edition` (`make edition`): the edition is named by the newest
year in data/ ("2018-19"). Before building, it reads from the branch what the
earlier editions published (mike's versions.json, each edition's edition.json, the
previous edition's tidy tables in <edition>/data/all/) into build/editions/, for the
"What changed" page and the feed (build_data/render/editions.py). Then it builds the
site with `mkdocs build --strict` under the edition's address and lets mike commit it
to the branch as <edition>/, with a copy as latest/, and the root redirecting to
latest/, and copies its 404.html to the root (mike writes none). Earlier editions'
folders are never rebuilt or touched: mike replaces only
the edition's own folder, the alias folder and versions.json. Nothing is pushed.

The newest edition may be published again (a correction before the next year's
tables); an edition older than the newest on the branch is refused.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from build_data.render import editions

BRANCH = "gh-pages"
ALIAS = "latest"
VERSION_VARIABLE = "MIKE_DOCS_VERSION"
# What an earlier edition's record gives the feed.
FEED_KEYS = ("edition", "headline", "published", "updated")


class PublishError(Exception):
    """An edition cannot be published; nothing was committed."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True)


def ensure_branch(root: Path, branch: str) -> bool:
    """A local branch to publish on: from origin's in a fresh clone. False if none yet."""
    if _git(root, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}").returncode == 0:
        return True
    remote = f"refs/remotes/origin/{branch}"
    if _git(root, "rev-parse", "--verify", "--quiet", remote).returncode == 0:
        _git(root, "branch", branch, remote).check_returncode()
        return True
    return False


def read_branch(root: Path, branch: str, path: str) -> bytes | None:
    """A file on the branch, None if it is not there."""
    done = _git(root, "show", f"{branch}:{path}")
    return done.stdout if done.returncode == 0 else None


def newest_year(data: Path) -> str:
    years = pd.read_csv(data / "seizures.csv", dtype={"year": str}, usecols=["year"])["year"]
    return str(years.max())


def published_editions(root: Path, branch: str) -> list[str]:
    """The editions on the branch (mike's versions.json), oldest first."""
    raw = read_branch(root, branch, "versions.json")
    return sorted(v["version"] for v in json.loads(raw)) if raw else []


def prepare_inputs(root: Path, branch: str, edition: str, inputs: Path) -> str | None:
    """Copy what earlier editions published into build/editions/. Returns the previous one."""
    names = published_editions(root, branch)
    newer = [n for n in names if n > edition]
    if newer:
        raise PublishError(
            f"the branch {branch} already has a newer edition ({', '.join(newer)}); "
            f"{edition} is not rebuilt"
        )
    if inputs.exists():
        shutil.rmtree(inputs)
    (inputs / "previous").mkdir(parents=True)
    earlier = [n for n in names if n < edition]
    history = []
    for name in earlier:
        raw = read_branch(root, branch, f"{name}/{editions.RECORD}")
        if raw:
            record = json.loads(raw)
            history.append({k: record[k] for k in FEED_KEYS})
    (inputs / "history.json").write_text(json.dumps(history, indent=2) + "\n")
    updated = editions.commit_date(root)
    before = read_branch(root, branch, f"{edition}/{editions.RECORD}")
    published = json.loads(before)["published"] if before else updated
    (inputs / "dates.json").write_text(json.dumps({"published": published, "updated": updated}))
    if not earlier:
        return None
    previous = earlier[-1]
    for name in editions.PREVIOUS_TABLES:
        raw = read_branch(root, branch, f"{previous}/data/all/{name}")
        if raw is not None:
            (inputs / "previous" / name).write_bytes(raw)
    if not (inputs / "previous" / "seizures.csv").is_file():
        raise PublishError(f"the {previous} edition on {branch} has no data/all/seizures.csv")
    (inputs / "previous.json").write_text(json.dumps({"edition": previous}))
    return previous


def copy_404(root: Path, branch: str, edition: str) -> None:
    """The edition's 404.html at the branch's root too, where GitHub Pages looks for it.

    mike writes none there. MkDocs writes a 404 page's links as absolute paths under
    site_url (here the edition's address), since it is served at any missing address,
    so the copy's links work from the root. Run in the repository's folder (mike's git).
    """
    from mike import git_utils

    page = read_branch(root, branch, f"{edition}/404.html")
    if page is None or page == read_branch(root, branch, "404.html"):
        return
    with git_utils.Commit(branch, f"The root's 404 page is the {edition} edition's") as commit:
        commit.add_file(git_utils.FileInfo("404.html", page))


def _run(root: Path, command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    if done.returncode:
        raise PublishError(f"`{' '.join(command)}` failed:\n{done.stdout}\n{done.stderr}")


def publish(root: Path, branch: str = BRANCH) -> str:
    """Build the newest year's edition and commit it to the local branch. Returns a summary."""
    from mike import commands

    root = Path(root).resolve()
    edition = newest_year(root / "data")
    ensure_branch(root, branch)
    previous = prepare_inputs(root, branch, edition, root / "build" / editions.INPUT)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", VERSION_VARIABLE: edition}
    _run(root, [sys.executable, "-m", "build_data", "pages"], env)
    site = root / "build" / "edition-site"
    cfg = {"site_dir": str(site), "use_directory_urls": True}
    with contextlib.chdir(root):  # mike runs git in the current folder
        with commands.deploy(
            cfg, edition, title=edition, aliases=[ALIAS], update_aliases=True,
            alias_type=commands.AliasType.copy, branch=branch,
            message=f"Publish the {edition} edition",
        ):  # fmt: skip
            # Not --quiet: it hides the warnings --strict counts, and the build passes.
            build = [sys.executable, "-m", "mkdocs", "build", "--strict"]
            _run(root, [*build, "--site-dir", str(site)], env)
        if read_branch(root, branch, "index.html") is None:
            commands.set_default(ALIAS, branch=branch, message=f"The root shows {ALIAS}/")
        copy_404(root, branch, edition)
    after = f", after {previous}" if previous else ", the first"
    return f"published the {edition} edition{after}, on the local branch {branch} (not pushed)"
