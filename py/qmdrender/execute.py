"""Execute a document's cells in ONE Jupyter kernel (nbclient + ipykernel).

The kernel's working directory is the project root (``execute-dir: project``) and, as under
Quarto, ``QUARTO_PROJECT_DIR`` names it and ``QUARTO_EXECUTE_INFO`` points at a JSON file that
tells HTML from Typst. Inline expressions are evaluated after the cells, in the same kernel, as
Quarto does. Two hooks are the offline renderer's own:

- ``QMDRENDER_STAGE_DIR``: a document that writes files into the project (downloads, say)
  should write them under this folder at the same path relative to the project root. The
  renderer publishes them together with the document's ``_freeze`` results, so an interrupted
  or failed build never leaves new files beside old results (see ``commit``).
- The ``python-path`` hook (``[tool.qmdrender]``) puts the project's own package folders in
  front of the kernel's ``PYTHONPATH``, so a build imports this clone's code, never another
  copy that happens to be installed.

Last, the kernel lists the project's own modules the document imported, with their MD5, for the
execution record (``freeze.ExecutionRecord``).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import CellExecutionFailed, RenderError
from .kernel import BOTH_ENV, QUEUE_ENV
from .project import Project
from .qmd import Cell, Document

STAGE_ENV = "QMDRENDER_STAGE_DIR"

PANDOC_TARGET = {"html": "html", "typst": "typst"}
#: One execution whose outputs serve both formats (see :func:`serves_both_formats`).
BOTH = "both"
# A document that asks which format it is executed for must run once per format.
_FORMAT_SENSITIVE = re.compile(r"\b(?:is_html|output_format|QUARTO_EXECUTE_INFO)\b")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_INLINE_MARKER = "__QMDRENDER_INLINE__"
_MODULES_MARKER = "__QMDRENDER_MODULES__"
# Runs before the document's own cells; harmless if the document also calls setup().
_PREAMBLE = "import qmdrender.kernel as _qmdrender_kernel\n_qmdrender_kernel.setup()\ndel _qmdrender_kernel"


def serves_both_formats(doc: Document) -> bool:
    """True when one execution can serve both the page and the PDF: the document never asks for
    its output format, so its cells compute the same thing for both, and only the display of
    plotly figures differs (the kernel then emits both displays)."""
    return not _FORMAT_SENSITIVE.search(doc.text)


@dataclass
class DocumentRun:
    """The outputs of one execution of one document for one output format."""

    document: Document
    fmt: str  # "html", "typst", or "both" (one execution whose outputs serve the two)
    outputs: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # cell index -> outputs
    inline_values: list[str] = field(default_factory=list)
    modules: dict[str, str] = field(default_factory=dict)  # project module path -> MD5


# Kernels of the executions now running, so a failure or an interrupt stops them all at once.
_RUNNING: set[Any] = set()
_RUNNING_LOCK = threading.Lock()
_STOP = threading.Event()


class ExecutionStopped(RenderError):
    """An execution stopped because another one failed or the build was interrupted."""


def stop_running_kernels() -> None:
    """Stop every running execution: no further cell starts, and the cell now running in each
    kernel is interrupted (its thread then ends; the kernel is shut down by its own thread)."""
    _STOP.set()
    with _RUNNING_LOCK:
        managers = list(_RUNNING)
    for manager in managers:
        try:
            manager.interrupt_kernel()
        except Exception:  # the kernel is already gone; nothing else to do
            pass


def allow_executions() -> None:
    """Clear a stop request (at the start of each build)."""
    _STOP.clear()


def strip_ansi(text: str) -> str:
    """Remove terminal colour codes from a traceback."""
    return _ANSI.sub("", text)


def _execute_info(
    doc: Document, fmt: str, project_root: Path, execute_options: dict[str, Any]
) -> dict[str, Any]:
    to = PANDOC_TARGET["html" if fmt == BOTH else fmt]
    return {
        "document-path": str(doc.path),
        "cwd": str(project_root),
        "format": {
            "identifier": {"base-format": to, "target-format": to, "display-name": to.upper()},
            "execute": execute_options,
            "pandoc": {"to": to, "from": "markdown"},
            "metadata": doc.front_matter,
        },
    }


def _inline_code(expressions: list[str]) -> str:
    """Code that evaluates each inline expression and prints the results as JSON."""
    return (
        "def _qmdrender_inline_value(_v):\n"
        "    _md = getattr(_v, '_repr_markdown_', None)\n"
        "    if isinstance(_v, str):\n"
        "        return _v\n"
        "    if callable(_md):\n"
        "        return str(_md())\n"
        "    return str(_v)\n"
        "_qmdrender_results = []\n"
        f"for _qmdrender_expr in {json.dumps(expressions)}:\n"
        "    try:\n"
        "        _qmdrender_results.append([True, _qmdrender_inline_value(eval(_qmdrender_expr))])\n"
        "    except Exception as _qmdrender_exc:\n"
        "        _qmdrender_results.append([False, f'{type(_qmdrender_exc).__name__}: {_qmdrender_exc}'])\n"
        "import json as _qmdrender_json\n"
        f"print({_INLINE_MARKER!r} + _qmdrender_json.dumps(_qmdrender_results))\n"
    )


def _modules_code(project_root: Path) -> str:
    """Code that prints the project's own modules the kernel imported, with their MD5."""
    return (
        "def _qmdrender_modules(_root):\n"
        "    import hashlib, os, sys\n"
        "    _root = os.path.realpath(_root)\n"
        "    _found = {}\n"
        "    for _module in list(sys.modules.values()):\n"
        "        _path = getattr(_module, '__file__', None)\n"
        "        if not isinstance(_path, str) or not _path.endswith('.py'):\n"
        "            continue\n"
        "        _path = os.path.realpath(_path)\n"
        "        if not _path.startswith(_root + os.sep):\n"
        "            continue\n"
        "        _rel = os.path.relpath(_path, _root)\n"
        "        if any(_p.startswith('.') or _p == 'site-packages' for _p in _rel.split(os.sep)):\n"
        "            continue\n"
        "        with open(_path, 'rb') as _f:\n"
        "            _found[_rel.replace(os.sep, '/')] = hashlib.md5(_f.read()).hexdigest()\n"
        "    return _found\n"
        "import json as _qmdrender_json\n"
        f"print({_MODULES_MARKER!r} + _qmdrender_json.dumps(_qmdrender_modules({str(project_root)!r}), sort_keys=True))\n"
    )


def _error_text(outputs: list[dict[str, Any]]) -> str:
    for output in outputs:
        if output.get("output_type") == "error":
            return strip_ansi(
                "\n".join(output.get("traceback") or [f"{output.get('ename')}: {output.get('evalue')}"])
            )
    return "(no traceback)"


def kernel_environment(
    doc: Document, fmt: str, project: Project, info_path: Path, stage_dir: Path
) -> dict[str, str]:
    """The kernel's environment: Quarto's variables and the renderer's hooks."""
    env = project.python_environment(os.environ)
    env["QUARTO_EXECUTE_INFO"] = str(info_path)
    env["QMDRENDER_DOCUMENT"] = doc.relpath
    env[STAGE_ENV] = str(stage_dir)
    env[QUEUE_ENV] = "1"
    if fmt == BOTH:
        env[BOTH_ENV] = "1"
    else:
        env.pop(BOTH_ENV, None)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def execute_document(
    doc: Document,
    fmt: str,
    project: Project,
    stage_dir: Path,
    timeout: int = 900,
) -> DocumentRun:
    """Run every cell of ``doc`` for ``fmt`` in one kernel and collect outputs, inline values
    and the project modules it imported. Files it writes into the project go to ``stage_dir``."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    if fmt not in PANDOC_TARGET and fmt != BOTH:
        raise RenderError(f"unknown output format {fmt!r}")
    run = DocumentRun(document=doc, fmt=fmt)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(_PREAMBLE)]
    nb.cells += [nbformat.v4.new_code_cell(cell.source) for cell in doc.cells]
    expressions = doc.inline_expressions()
    if expressions:
        nb.cells.append(nbformat.v4.new_code_cell(_inline_code(expressions)))
    nb.cells.append(nbformat.v4.new_code_cell(_modules_code(project.root)))
    last_document_cell = len(doc.cells)

    with tempfile.TemporaryDirectory(prefix="qmdrender-info-") as info_dir:
        info_path = Path(info_dir) / "execute-info.json"
        info_path.write_text(
            json.dumps(_execute_info(doc, fmt, project.root, dict(project.execute))), encoding="utf-8"
        )
        env = kernel_environment(doc, fmt, project, info_path, stage_dir)
        from jupyter_client.manager import KernelManager

        # IPC sockets: local only, and no "running over TCP without encryption" warning.
        kernel_manager = KernelManager(
            kernel_name="python3", transport="ipc", ip=str(Path(info_dir) / "kernel")
        )
        client = NotebookClient(
            nb,
            km=kernel_manager,
            timeout=timeout,
            kernel_name="python3",
            allow_errors=False,
            resources={"metadata": {"path": str(project.root)}},
        )
        with _RUNNING_LOCK:
            _RUNNING.add(kernel_manager)
        try:
            with client.setup_kernel(env=env, cwd=str(project.root)):
                for nb_index, nb_cell in enumerate(nb.cells):
                    if _STOP.is_set():
                        raise ExecutionStopped(f"{doc.relpath}: stopped")
                    try:
                        client.execute_cell(nb_cell, nb_index)
                    except CellExecutionError:
                        if _STOP.is_set():
                            raise ExecutionStopped(f"{doc.relpath}: stopped") from None
                        if nb_index == 0:
                            raise RenderError(
                                f"{doc.relpath}: the renderer's kernel setup failed:\n{_error_text(nb_cell.outputs)}"
                            )
                        if nb_index > last_document_cell:
                            step = (
                                "evaluating inline expressions"
                                if expressions and nb_index == last_document_cell + 1
                                else "listing the imported modules"
                            )
                            raise RenderError(
                                f"{doc.relpath}: {step} failed:\n{_error_text(nb_cell.outputs)}"
                            )
                        cell: Cell = doc.cells[nb_index - 1]
                        raise CellExecutionFailed(
                            doc.relpath, cell.display_name(), cell.line, _error_text(nb_cell.outputs)
                        ) from None
                    if 1 <= nb_index <= last_document_cell:
                        run.outputs[nb_index - 1] = [dict(o) for o in nb_cell.outputs]
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(kernel_manager)
            # The client does not own a kernel it was given: shut it down here.
            if kernel_manager.has_kernel:
                kernel_manager.shutdown_kernel(now=True)
        if expressions:
            run.inline_values = _parse_inline_results(doc, nb.cells[-2].outputs, expressions)
        run.modules = _parse_modules(doc, nb.cells[-1].outputs)
    return run


def split_run(run: DocumentRun) -> list[DocumentRun]:
    """One run per output format: a ``both`` run becomes an HTML and a Typst run sharing its outputs."""
    if run.fmt != BOTH:
        return [run]
    return [
        DocumentRun(run.document, fmt, run.outputs, run.inline_values, run.modules) for fmt in PANDOC_TARGET
    ]


def _parse_inline_results(doc: Document, outputs: list[Any], expressions: list[str]) -> list[str]:
    for output in outputs:
        text = output.get("text", "") if output.get("output_type") == "stream" else ""
        for line in text.splitlines():
            if line.startswith(_INLINE_MARKER):
                results = json.loads(line[len(_INLINE_MARKER) :])
                values: list[str] = []
                for expr, (ok, value) in zip(expressions, results):
                    if not ok:
                        raise RenderError(
                            f"{doc.relpath}: inline expression `{{python}} {expr}` failed: {value}"
                        )
                    values.append(value)
                return values
    raise RenderError(f"{doc.relpath}: the kernel returned no values for the inline expressions")


def _parse_modules(doc: Document, outputs: list[Any]) -> dict[str, str]:
    for output in outputs:
        text = output.get("text", "") if output.get("output_type") == "stream" else ""
        for line in text.splitlines():
            if line.startswith(_MODULES_MARKER):
                return {str(k): str(v) for k, v in json.loads(line[len(_MODULES_MARKER) :]).items()}
    raise RenderError(f"{doc.relpath}: the kernel did not list the modules it imported")
