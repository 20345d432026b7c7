"""Read the project's ``_quarto.yml``: what to render, the navbar, formats and options."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

CONFIG_NAME = "_quarto.yml"


@dataclass(frozen=True)
class NavItem:
    """One navbar entry (``href`` relative to the project root)."""

    href: str
    text: str


@dataclass
class Project:
    """The parts of ``_quarto.yml`` the offline renderer uses."""

    root: Path
    raw: dict[str, Any]
    render: list[str]
    output_dir: str
    site_title: str
    navbar: list[NavItem]
    execute: dict[str, Any]
    bibliography: list[str]
    html: dict[str, Any] = field(default_factory=dict)
    typst: dict[str, Any] = field(default_factory=dict)
    filters: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)

    @property
    def freeze_dir(self) -> Path:
        return self.root / "_freeze"

    @property
    def site_dir(self) -> Path:
        return self.root / self.output_dir

    def execute_option(self, name: str, default: Any) -> Any:
        return self.execute.get(name, default)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, Path)):
        return [str(value)]
    if isinstance(value, list):
        return [str(v) for v in value]
    raise ConfigError(f"{CONFIG_NAME}: expected a string or a list, got {value!r}")


def _filter_paths(html: dict[str, Any], top: dict[str, Any]) -> list[str]:
    """Lua filters from the top level and the html format (skipping Quarto's own names)."""
    paths: list[str] = []
    for entry in _as_list(top.get("filters")) + _as_list(html.get("filters")):
        if entry.endswith(".lua") and entry not in paths:
            paths.append(entry)
    return paths


def load_project(root: Path) -> Project:
    """Load ``_quarto.yml`` from ``root``, checking the keys the renderer depends on."""
    root = root.resolve()
    config_path = root / CONFIG_NAME
    if not config_path.is_file():
        raise ConfigError(f"no {CONFIG_NAME} in {root}")
    try:
        raw = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{CONFIG_NAME} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{CONFIG_NAME} must be a mapping")
    project = raw.get("project") or {}
    if project.get("type") != "website":
        raise ConfigError(f"{CONFIG_NAME}: project.type must be 'website', got {project.get('type')!r}")
    render = _as_list(project.get("render"))
    if not render:
        raise ConfigError(f"{CONFIG_NAME}: project.render must list the documents to render")
    for doc in render:
        if not doc.endswith(".qmd") or "*" in doc:
            raise ConfigError(f"{CONFIG_NAME}: project.render entries must be .qmd paths, got {doc!r}")
        if not (root / doc).is_file():
            raise ConfigError(f"{CONFIG_NAME}: project.render lists {doc!r}, which does not exist")
    execute_dir = project.get("execute-dir", "file")
    if execute_dir != "project":
        raise ConfigError(f"{CONFIG_NAME}: the offline renderer needs project.execute-dir: project, got {execute_dir!r}")
    website = raw.get("website") or {}
    navbar_cfg = (website.get("navbar") or {})
    navbar: list[NavItem] = []
    for side in ("left", "right"):
        for item in navbar_cfg.get(side) or []:
            if isinstance(item, dict) and "href" in item:
                navbar.append(NavItem(href=str(item["href"]), text=str(item.get("text", item["href"]))))
    formats = raw.get("format") or {}
    html = formats.get("html") or {}
    typst = formats.get("typst") or {}
    return Project(
        root=root,
        raw=raw,
        render=render,
        output_dir=str(project.get("output-dir", "_site")),
        site_title=str(website.get("title", root.name)),
        navbar=navbar,
        execute=dict(raw.get("execute") or {}),
        bibliography=_as_list(raw.get("bibliography")),
        html=html if isinstance(html, dict) else {},
        typst=typst if isinstance(typst, dict) else {},
        filters=_filter_paths(html if isinstance(html, dict) else {}, raw),
        resources=_as_list(project.get("resources")),
    )
