"""Read the project: ``_quarto.yml`` (what Quarto reads too) and the offline renderer's own
hooks (``[tool.qmdrender]`` in ``pyproject.toml``, which Quarto never reads).

The offline renderer implements part of Quarto. Every ``_quarto.yml`` key it knows is listed in
:data:`SUPPORTED`; any other key stops the build with a message naming it, so a setting is never
silently ignored. Values are checked where the renderer depends on them.
"""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError
from .pagemeta import PageMeta, read_page_meta

CONFIG_NAME = "_quarto.yml"
HOOKS_FILE = "pyproject.toml"
#: The renderer's own command, which a Quarto project runs as its post-render step.
POST_RENDER_COMMAND = "python -m qmdrender post-render"

# The _quarto.yml keys the offline renderer honours (nested mappings are checked key by key;
# ``None`` marks a leaf whose value is checked where it is read).
SUPPORTED: dict[str, Any] = {
    "project": {
        "type": None,
        "output-dir": None,
        "render": None,
        "execute-dir": None,
        "resources": None,
        "post-render": None,
    },
    "website": {
        "title": None,
        "site-url": None,
        "repo-url": None,
        "repo-branch": None,
        "repo-actions": None,
        "open-graph": None,
        "twitter-card": None,
        "search": None,
        "page-navigation": None,
        "navbar": {"left": None, "right": None},
        "sidebar": {"contents": None},
    },
    "sidebar": None,
    "quarto-required": None,
    # Page metadata (qmdrender.pagemeta): the byline, the citation appendix, the title labels.
    "author": None,
    "date": None,
    "citation": None,
    "language": None,
    "bibliography": None,
    "filters": None,
    "format": {
        "html": {
            "toc": None,
            "toc-depth": None,
            "toc-title": None,
            "css": None,
            "include-in-header": None,
            "include-after-body": None,
            "html-math-method": None,
        },
        "typst": {"toc": None, "toc-depth": None, "toc-title": None, "template-partials": None},
    },
    "execute": {"freeze": None, "echo": None, "warning": None, "output": None, "include": None},
}
HOOKS: dict[str, str] = {
    "python-path": "folders put in front of the kernels' PYTHONPATH (the project's own packages)",
    "data": "files and folders the documents read: a change to any file in them executes every document again",
    "data-ignore": "files inside `data` that do not count (such as a record of when the data were fetched)",
    "fetched-data": "the folder `fetch` fills; while it is missing the committed _freeze is used as it is",
    "fetch": "the command that fills `fetched-data` when a document must execute",
    "versions-from": "a requirements file whose packages build-info.json lists with their installed versions",
    "pdf-standard": "a PDF standard every PDF must meet, as Typst names it (such as `ua-1`, accessible PDF)",
    "data-date": "a command that prints the date of the data (YYYY-MM-DD), or nothing: the PDF's cover states it",
}
NAV_ITEM_KEYS = {"href", "text"}
DEFAULT_TOC_TITLE = "On this page"
DEFAULT_TOC_DEPTH = 3  # Quarto's default


@dataclass(frozen=True)
class NavItem:
    """A navigation entry: ``href`` relative to the project root, as written in ``_quarto.yml``."""

    href: str
    text: str


@dataclass
class Hooks:
    """The offline renderer's project hooks (``[tool.qmdrender]`` in ``pyproject.toml``)."""

    python_path: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)
    data_ignore: list[str] = field(default_factory=list)
    fetched_data: str | None = None
    fetch: list[str] = field(default_factory=list)
    versions_from: str | None = None
    data_date: list[str] = field(default_factory=list)
    pdf_standard: str | None = None

    def fetch_command(self) -> list[str]:
        """The fetch command, with a leading ``python`` meaning this Python."""
        return _this_python(self.fetch)

    def data_date_command(self) -> list[str]:
        """The data-date command, with a leading ``python`` meaning this Python."""
        return _this_python(self.data_date)


def _this_python(command: list[str]) -> list[str]:
    if command and command[0] == "python":
        return [sys.executable, *command[1:]]
    return list(command)


def _site_url(value: Any) -> str | None:
    """``website.site-url``: an absolute http(s) address, without a trailing slash."""
    if value is None:
        return None
    text = str(value).strip()
    if not re.match(r"^https?://[^/\s]+", text):
        raise ConfigError(
            f"{CONFIG_NAME}: website.site-url must be an absolute http(s) address, got {value!r}"
        )
    return text.rstrip("/")


@dataclass
class Project:
    """What the offline renderer reads from the project."""

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
    navbar_right: list[NavItem] = field(default_factory=list)
    search: bool = True
    page_order: list[str] = field(default_factory=list)  # page navigation order (.qmd paths), empty: none
    quarto_required: str | None = None
    site_url: str | None = None  # website.site-url: where the site is published
    hooks: Hooks = field(default_factory=Hooks)
    page_meta: PageMeta = field(default_factory=PageMeta)

    @property
    def freeze_dir(self) -> Path:
        return self.root / "_freeze"

    def python_environment(self, base: Mapping[str, str]) -> dict[str, str]:
        """``base`` for a Python process of the project (a kernel, a hook's command): the
        project's ``python-path`` folders in front of ``PYTHONPATH`` and, as Quarto sets it for
        the code it runs, ``QUARTO_PROJECT_DIR``."""
        env = dict(base)
        env["QUARTO_PROJECT_DIR"] = str(self.root)
        paths = [str(self.root / p) for p in self.hooks.python_path if (self.root / p).is_dir()]
        if paths:
            env["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [env.get("PYTHONPATH", "")] if p])
        return env

    @property
    def site_dir(self) -> Path:
        return self.root / self.output_dir

    @property
    def toc(self) -> bool:
        return bool(self.html.get("toc", False))

    @property
    def toc_depth(self) -> int:
        return int(self.html.get("toc-depth", DEFAULT_TOC_DEPTH))

    @property
    def toc_title(self) -> str:
        return str(self.html.get("toc-title", DEFAULT_TOC_TITLE))

    def execute_option(self, name: str, default: Any) -> Any:
        return self.execute.get(name, default)


def _as_list(value: Any, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, Path)):
        return [str(value)]
    if isinstance(value, list) and all(isinstance(v, (str, Path)) for v in value):
        return [str(v) for v in value]
    raise ConfigError(f"{CONFIG_NAME}: `{key}` must be a string or a list of strings, got {value!r}")


def check_keys(
    mapping: dict[str, Any], supported: dict[str, Any], where: str, origin: str = CONFIG_NAME
) -> None:
    """Every key of ``mapping`` must be in ``supported`` (recursively); else a ConfigError naming it."""
    for key, value in mapping.items():
        path = f"{where}.{key}" if where else str(key)
        if key not in supported:
            known = ", ".join(sorted(supported)) or "none"
            raise ConfigError(
                f"{origin}: `{path}` is not supported by the offline renderer "
                f"(it would be ignored; supported here: {known})"
            )
        if isinstance(supported[key], dict):
            if value is None:
                continue
            if not isinstance(value, dict):
                raise ConfigError(f"{origin}: `{path}` must be a mapping, got {value!r}")
            check_keys(value, supported[key], path, origin)


def _bool(value: Any, key: str, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise ConfigError(f"{CONFIG_NAME}: `{key}` must be true or false, got {value!r}")
    return value


def _nav_items(items: Any, key: str) -> list[NavItem]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise ConfigError(f"{CONFIG_NAME}: `{key}` must be a list of entries")
    out: list[NavItem] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, str):
            item = {"href": item}
        if not isinstance(item, dict) or "href" not in item:
            raise ConfigError(f"{CONFIG_NAME}: `{key}` entry {number} needs an `href`, got {item!r}")
        unknown = sorted(set(item) - NAV_ITEM_KEYS)
        if unknown:
            raise ConfigError(
                f"{CONFIG_NAME}: `{key}` entry {number}: `{unknown[0]}` is not supported by the offline "
                f"renderer (supported: {', '.join(sorted(NAV_ITEM_KEYS))})"
            )
        out.append(NavItem(href=str(item["href"]), text=str(item.get("text", "")) or ""))
    return out


def _check_values(raw: dict[str, Any], root: Path) -> None:
    project = raw.get("project") or {}
    if project.get("type") != "website":
        raise ConfigError(f"{CONFIG_NAME}: project.type must be 'website', got {project.get('type')!r}")
    if project.get("execute-dir", "file") != "project":
        raise ConfigError(
            f"{CONFIG_NAME}: the offline renderer needs project.execute-dir: project, "
            f"got {project.get('execute-dir', 'file')!r}"
        )
    post = project.get("post-render")
    if post is not None and _as_list(post, "project.post-render") != [POST_RENDER_COMMAND]:
        raise ConfigError(
            f"{CONFIG_NAME}: `project.post-render` may only be `{POST_RENDER_COMMAND}` offline "
            "(the offline build does that step itself); other scripts are not run"
        )
    required = raw.get("quarto-required")
    if required is not None and not isinstance(required, str):
        raise ConfigError(
            f"{CONFIG_NAME}: `quarto-required` must be a version range such as '>=1.8.19', got {required!r}"
        )
    execute = raw.get("execute") or {}
    if execute.get("freeze", "auto") != "auto":
        raise ConfigError(
            f"{CONFIG_NAME}: the offline renderer supports `execute.freeze: auto` only, "
            f"got {execute.get('freeze')!r}"
        )
    for name in ("echo", "warning", "output", "include"):
        _bool(execute.get(name), f"execute.{name}", True)
    html = (raw.get("format") or {}).get("html") or {}
    if html.get("html-math-method", "plain") != "plain":
        raise ConfigError(
            f"{CONFIG_NAME}: `format.html.html-math-method` must be `plain` offline "
            f"(the site loads no math library), got {html.get('html-math-method')!r}"
        )
    for fmt in ("html", "typst"):
        options = (raw.get("format") or {}).get(fmt) or {}
        depth = options.get("toc-depth")
        if depth is not None and (
            not isinstance(depth, int) or isinstance(depth, bool) or not 1 <= depth <= 6
        ):
            raise ConfigError(
                f"{CONFIG_NAME}: `format.{fmt}.toc-depth` must be a whole number from 1 to 6, got {depth!r}"
            )
        _bool(options.get("toc"), f"format.{fmt}.toc", False)
    for entry in _as_list(raw.get("filters"), "filters"):
        if not entry.endswith(".lua"):
            raise ConfigError(
                f"{CONFIG_NAME}: `filters` entry {entry!r} is not supported offline (only .lua files)"
            )
        if not (root / entry).is_file():
            raise ConfigError(f"{CONFIG_NAME}: `filters` lists {entry!r}, which does not exist")


def _page_order(raw: dict[str, Any], render: list[str]) -> list[str]:
    """Quarto orders previous/next pages by the website's sidebar: its entries, in order."""
    website = raw.get("website") or {}
    page_navigation = _bool(website.get("page-navigation"), "website.page-navigation", False)
    sidebar = website.get("sidebar")
    if sidebar is not None:
        if raw.get("sidebar") is not False:
            raise ConfigError(
                f"{CONFIG_NAME}: the offline renderer draws no sidebar; keep `website.sidebar` for "
                "the page order and hide it with top-level `sidebar: false`"
            )
        order = [
            item.href for item in _nav_items((sidebar or {}).get("contents"), "website.sidebar.contents")
        ]
        for href in order:
            if href not in render:
                raise ConfigError(
                    f"{CONFIG_NAME}: `website.sidebar.contents` lists {href!r}, which project.render does not"
                )
    elif raw.get("sidebar") not in (None, False):
        raise ConfigError(
            f"{CONFIG_NAME}: top-level `sidebar` may only be false offline, got {raw.get('sidebar')!r}"
        )
    else:
        order = []
    if not page_navigation:
        return []
    if not order:
        print(
            "qmdrender: warning: website.page-navigation is on but there is no website.sidebar; Quarto orders "
            "pages by the sidebar, so no page gets previous/next links",
            file=sys.stderr,
        )
    return order


def load_hooks(root: Path) -> Hooks:
    """``[tool.qmdrender]`` from ``pyproject.toml`` (all hooks off when there is none)."""
    path = root / HOOKS_FILE
    if not path.is_file():
        return Hooks()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("qmdrender", {})
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{HOOKS_FILE} is not valid TOML: {exc}") from exc
    for key in table:
        if key not in HOOKS:
            raise ConfigError(
                f"{HOOKS_FILE}: `tool.qmdrender.{key}` is not a hook of the offline renderer "
                f"(hooks: {', '.join(HOOKS)})"
            )

    def strings(key: str) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(
                f"{HOOKS_FILE}: `tool.qmdrender.{key}` must be a list of strings, got {value!r}"
            )
        return value

    def one(key: str) -> str | None:
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{HOOKS_FILE}: `tool.qmdrender.{key}` must be a string, got {value!r}")
        return value

    hooks = Hooks(
        python_path=strings("python-path"),
        data=strings("data"),
        data_ignore=strings("data-ignore"),
        fetched_data=one("fetched-data"),
        fetch=strings("fetch"),
        versions_from=one("versions-from"),
        data_date=strings("data-date"),
        pdf_standard=one("pdf-standard"),
    )
    if hooks.fetch and not hooks.fetched_data:
        raise ConfigError(f"{HOOKS_FILE}: `tool.qmdrender.fetch` needs `fetched-data` (the folder it fills)")
    return hooks


def load_project(root: Path) -> Project:
    """Load and check ``_quarto.yml`` (and the hooks) from ``root``."""
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
    check_keys(raw, SUPPORTED, "")
    _check_values(raw, root)
    project = raw.get("project") or {}
    render = _as_list(project.get("render"), "project.render")
    if not render:
        raise ConfigError(f"{CONFIG_NAME}: project.render must list the documents to render")
    for doc in render:
        if not doc.endswith(".qmd") or "*" in doc:
            raise ConfigError(f"{CONFIG_NAME}: project.render entries must be .qmd paths, got {doc!r}")
        if not (root / doc).is_file():
            raise ConfigError(f"{CONFIG_NAME}: project.render lists {doc!r}, which does not exist")
    website = raw.get("website") or {}
    navbar_cfg = website.get("navbar") or {}
    formats = raw.get("format") or {}
    html = formats.get("html") or {}
    return Project(
        root=root,
        raw=raw,
        render=render,
        output_dir=str(project.get("output-dir", "_site")),
        site_title=str(website.get("title", root.name)),
        navbar=_nav_items(navbar_cfg.get("left"), "website.navbar.left"),
        navbar_right=_nav_items(navbar_cfg.get("right"), "website.navbar.right"),
        search=_bool(website.get("search"), "website.search", True),
        page_order=_page_order(raw, render),
        execute=dict(raw.get("execute") or {}),
        bibliography=_as_list(raw.get("bibliography"), "bibliography"),
        html=dict(html),
        typst=dict(formats.get("typst") or {}),
        filters=_as_list(raw.get("filters"), "filters"),
        resources=_as_list(project.get("resources"), "project.resources"),
        quarto_required=raw.get("quarto-required"),
        site_url=_site_url(website.get("site-url")),
        hooks=load_hooks(root),
        page_meta=read_page_meta(raw),
    )
