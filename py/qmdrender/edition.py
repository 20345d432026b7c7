"""What the printed edition says about itself on its cover: title, subtitle, authors, the date
of the data and of the build, the version, the site's address and how to cite it.

Nothing here is typed in: the title comes from ``_quarto.yml``, the subtitle from the first
document, the authors and version from ``pyproject.toml``'s ``[project]`` table, the commit
from git, the date of the data from the project (the ``data-date`` hook) and the date of
the build from ``SOURCE_DATE_EPOCH`` when set (a reproducible build), else from the clock.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError
from .project import HOOKS_FILE, Project


@dataclass(frozen=True)
class Edition:
    title: str
    subtitle: str | None
    authors: list[str]
    version: str | None
    commit: str | None
    build_date: dt.date
    data_date: dt.date | None
    site_url: str | None

    @property
    def version_text(self) -> str | None:
        """ "0.1.0 (commit 1a2b3c4)", or whichever of the two is known."""
        if self.version and self.commit:
            return f"{self.version} (commit {self.commit})"
        return self.version or (f"commit {self.commit}" if self.commit else None)

    @property
    def citation(self) -> str:
        """How to cite this edition: authors (year). Title, version. Address."""
        who = ", ".join(self.authors) or self.title
        parts = [f"{who} ({self.build_date.year}). {self.title}."]
        if self.version_text:
            parts.append(f"Version {self.version_text}.")
        if self.site_url:
            parts.append(self.site_url + "/")
        return " ".join(parts)


def _project_table(root: Path) -> dict:
    path = root / HOOKS_FILE
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")).get("project", {})
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{HOOKS_FILE} is not valid TOML: {exc}") from exc


def _commit(root: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=7", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def build_date(environ: dict[str, str] | None = None) -> dt.date:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention), else today (UTC)."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
        except (ValueError, OverflowError) as exc:
            raise ConfigError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {epoch!r}") from exc
    return dt.datetime.now(tz=dt.UTC).date()


def data_date(project: Project) -> dt.date | None:
    """The date of the data, as the project's ``data-date`` command prints it (``YYYY-MM-DD``,
    the date every page states), or None when the project names no command or it prints nothing
    (a fresh clone, built from the committed results). The command runs in the project's Python
    environment: the renderer never imports the project's package."""
    command = project.hooks.data_date_command()
    if not command:
        return None
    shown = " ".join(project.hooks.data_date)
    try:
        done = subprocess.run(
            command,
            cwd=project.root,
            env=project.python_environment(os.environ),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"the data-date command `{shown}` could not run: {exc}") from exc
    if done.returncode != 0:
        raise ConfigError(f"the data-date command `{shown}` failed:\n{done.stderr.strip()}")
    text = done.stdout.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ConfigError(f"the data-date command `{shown}` printed {text!r}, not a YYYY-MM-DD date") from exc


def edition(project: Project, subtitle: str | None) -> Edition:
    table = _project_table(project.root)
    authors = [str(a.get("name")) for a in table.get("authors", []) if isinstance(a, dict) and a.get("name")]
    return Edition(
        title=project.site_title,
        subtitle=subtitle,
        authors=authors,
        version=str(table["version"]) if table.get("version") else None,
        commit=_commit(project.root),
        build_date=build_date(),
        data_date=data_date(project),
        site_url=project.site_url,
    )


def long_date(day: dt.date) -> str:
    """ "2 December 2026" """
    return f"{day.day} {day:%B %Y}"
