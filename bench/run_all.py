"""Every benchmark of the project: ONE table for data load and merge, headline numbers, cold and
warm build (with where the cold build spends its time), static figure export per figure, PDF
sizes and peak memory; then the page table of `bench/bench_pages.py` (bytes downloaded per page,
everything included, and Lighthouse on a phone and a desktop, beside the previous build).

    python bench/run_all.py [--skip-build] [--no-pdf] [--no-lighthouse] [--baseline-ref REF]

`bench/bench_data.py` and `bench/bench_numbers.py` run in their own processes; the build runs in
a child process on a temporary copy of the project (`_quarto.yml`, `report/`, the committed
`data/` files and a link to `data/raw`), with `$AIGROWTH_PROJECT_ROOT` pointing at the copy, so
the working tree is never touched. Exits non-zero if a benchmark fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "bench"
WARM_GOAL_S = 1.0

Row = tuple[str, str, str]  # measure, value, note


def _run(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    completed = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
    return completed.returncode, completed.stdout


def data_rows() -> list[Row]:
    code, out = _run([str(BENCH_DIR / "bench_data.py")])
    if code != 0:
        return [("data load and merge", "FAILED", "see stderr")]
    rows: list[Row] = []
    for label, pattern in (("import aigrowth.data", r"import aigrowth\.data\s+([\d.]+) s"),
                           ("data load, validate, merge (median of 5)", r"merge \(median\)\s+([\d.]+) s"),
                           ("data peak traced memory", r"peak traced memory during build\s+([\d.]+) MiB")):
        match = re.search(pattern, out)
        unit = "MiB" if "memory" in label else "s"
        rows.append((label, f"{match.group(1)} {unit}" if match else "?", "goal < 1 s" if "median" in label else ""))
    match = re.search(r"merged table\s+([\d,]+) rows x (\d+) columns", out)
    if match:
        rows.append(("merged table", f"{match.group(1)} x {match.group(2)}", "rows x columns"))
    return rows


def numbers_rows() -> list[Row]:
    code, out = _run([str(BENCH_DIR / "bench_numbers.py"), "--repeat", "2"])
    if code != 0:
        return [("headline numbers", "FAILED", "see stderr")]
    runs = [float(s) for s in re.findall(r"headline_numbers run \d+: ([\d.]+) s", out)]
    detail = re.search(r"\((\d+) numbers, n_boot=(\d+)\)", out)
    note = f"{detail.group(1)} numbers, n_boot={detail.group(2)}" if detail else ""
    return [("headline numbers (incl. bootstrap)", f"{min(runs):.2f} s" if runs else "?", note)]


# -- the build, measured in a child process --------------------------------------------------
def measure_build(pdf: bool, one_execution: bool = True) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from fixtures.renderbuild import copy_report_project, project_environment

    from qmdrender import build as build_module
    from qmdrender import staticfigures

    timings: dict[str, float] = {}
    figure_count = [0]

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
        return wrapper

    original_export = staticfigures.export_figures

    def export(figures):
        figure_count[0] += len(figures)
        return original_export(figures)

    staticfigures.export_figures = timed("static figure export", export)
    build_module.execute_stale = timed("execute", build_module.execute_stale)
    build_module.build_site_and_pdfs = timed("pages and PDFs", build_module.build_site_and_pdfs)
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        root = copy_report_project(work / "project")
        shutil.rmtree(root / "_freeze", ignore_errors=True)  # cold: nothing frozen
        with project_environment(root):
            started = time.perf_counter()
            cold = build_module.build_offline(root, pdf=pdf, one_execution=one_execution)
            cold_s = time.perf_counter() - started
            cold_timings = dict(timings)
            started = time.perf_counter()
            warm = build_module.build_offline(root, pdf=pdf)
            warm_s = time.perf_counter() - started
        site = root / "_site"
        pdfs = {p.relative_to(site).as_posix(): p.stat().st_size for p in sorted(site.rglob("*.pdf"))}
        return {
            "cold_s": cold_s, "warm_s": warm_s, "executed": len(cold.executed), "warm_executed": len(warm.executed),
            "timings": cold_timings, "figures": figure_count[0], "pdfs": pdfs,
            "peak_self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_child_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def build_rows(pdf: bool, one_execution: bool = True) -> list[Row]:
    code, out = _run([str(Path(__file__).resolve()), "--measure-build"] + ([] if pdf else ["--no-pdf"])
                     + ([] if one_execution else ["--per-format"]))
    line = next((l for l in out.splitlines() if l.startswith("BUILD-RESULT ")), None)
    if code != 0 or line is None:
        return [("build", "FAILED", "see stderr")]
    r = json.loads(line.removeprefix("BUILD-RESULT "))
    t = r["timings"]
    rows: list[Row] = [
        ("cold build (no _freeze)", f"{r['cold_s']:.1f} s",
         f"{r['executed']} documents executed, {'once each' if one_execution else 'once per format'}"),
        ("  executing documents", f"{t.get('execute', 0) - t.get('static figure export', 0):.1f} s", "kernels, in parallel on 2 workers"),
        ("  static figure export", f"{t.get('static figure export', 0):.1f} s", f"{r['figures']} figures, one browser"),
        ("  static export per figure", f"{t.get('static figure export', 0) / max(r['figures'], 1):.2f} s", "incl. browser start"),
        ("  pages and PDFs (Pandoc, Typst)", f"{t.get('pages and PDFs', 0):.1f} s", "pages and PDFs at once"),
        ("warm build (nothing changed)", f"{r['warm_s']:.2f} s",
         f"goal < {WARM_GOAL_S:.0f} s: {'ok' if r['warm_s'] < WARM_GOAL_S and not r['warm_executed'] else 'OVER GOAL'}"),
    ]
    for name, size in r["pdfs"].items():
        rows.append((f"PDF {name}", f"{size / 1024:.1f} KB", ""))
    rows.append(("peak memory, build process", f"{r['peak_self_mb']:.0f} MB", "max RSS"))
    rows.append(("peak memory, largest child", f"{r['peak_child_mb']:.0f} MB", "kernel, Pandoc or browser"))
    return rows


def print_table(rows: list[Row]) -> None:
    widths = [max(len(r[i]) for r in rows + [("measure", "value", "note")]) for i in range(3)]
    line = "+".join("-" * (w + 2) for w in widths)
    print(f"{'measure':<{widths[0]}} | {'value':>{widths[1]}} | note")
    print(line)
    for measure, value, note in rows:
        print(f"{measure:<{widths[0]}} | {value:>{widths[1]}} | {note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-build", action="store_true", help="only the data and numbers benchmarks")
    parser.add_argument("--no-pdf", action="store_true", help="build without PDFs")
    parser.add_argument("--per-format", action="store_true",
                        help="execute each document once per output format (Quarto's way) to compare")
    parser.add_argument("--no-lighthouse", action="store_true", help="page weights without Lighthouse")
    parser.add_argument("--baseline-ref", help="rebuild this commit for the page table's previous build")
    parser.add_argument("--measure-build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_build:
        print("BUILD-RESULT " + json.dumps(measure_build(pdf=not args.no_pdf, one_execution=not args.per_format)), flush=True)
        return 0
    rows = data_rows() + numbers_rows()
    if not args.skip_build:
        rows += build_rows(pdf=not args.no_pdf, one_execution=not args.per_format)
    print_table(rows)
    failed = any(value == "FAILED" for _, value, _ in rows)
    if not args.skip_build:
        print()
        pages_args = [str(BENCH_DIR / "bench_pages.py")] + (["--no-lighthouse"] if args.no_lighthouse else [])
        pages_args += ["--baseline-ref", args.baseline_ref] if args.baseline_ref else []
        code, out = _run(pages_args)
        print(out, end="")
        failed = failed or code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
