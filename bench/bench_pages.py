"""Page benchmark: for every page of the site, the bytes a reader downloads (raw and gzipped,
everything included: HTML, CSS, JavaScript, the plotly.js bundle, map data) at load and once
every chart has drawn, and Lighthouse's performance, accessibility and best-practices scores,
LCP, TBT and CLS on a simulated phone and on a desktop, with one set of settings for every run. The same for a previous build, side by
side: rebuilt from the git history (`--baseline-ref REF`) or read from a baseline file.

    python bench/bench_pages.py                       # this tree against bench/baseline-pages.json
    python bench/bench_pages.py --baseline-ref REF    # this tree against REF, rebuilt
    python bench/bench_pages.py --record-baseline REF # rebuild REF, measure it, write the file

Each site is built from its committed `_freeze/` (no execution) in a temporary folder with its
own code (`PYTHONPATH=<tree>/py`), served on 127.0.0.1 by a server that gzips text as static
hosts do and lets browsers keep content-hashed files. Lighthouse is `bench/node_modules` (npm
`lighthouse`, pinned in bench/package.json; `make bench` installs it) with Debian's Chromium
(CHROME_PATH). Needs no network.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
BASELINE_FILE = BENCH / "baseline-pages.json"
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run"
FORM_FACTORS = {"mobile": [], "desktop": ["--preset=desktop"]}
PHONE = {"width": 412, "height": 823}  # Lighthouse's simulated phone
GOALS = {"mobile score": 90, "gzip KB": 700, "mobile TBT ms": 300}
_TEXT = re.compile(r"\.(?:html|css|js|json|svg|txt|csv)$")
_HASHED = re.compile(r"\.[0-9a-f]{10}\.(?:css|js)$")


# -- building a site -------------------------------------------------------------------------
def _copy_tree(ref: str | None, target: Path) -> Path:
    """The project files of this working tree (ref None) or of a commit, in ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    if ref is None:
        for name in ("_quarto.yml", "pyproject.toml", "requirements.txt", "report", "_freeze", "py", "package.json",
                     "package-lock.json"):
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*_files"))
            elif source.is_file():
                shutil.copyfile(source, target / name)
    else:
        archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=ROOT, check=True, capture_output=True).stdout
        tar_path = target / ".tree.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tar:
            tar.extractall(target, filter="data")
        tar_path.unlink()
        if (target / "package.json").is_file():  # its own bundles, from its own npm lock
            same_lock = (target / "package-lock.json").read_bytes() == (ROOT / "package-lock.json").read_bytes()
            if same_lock and (ROOT / "node_modules").is_dir():
                (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
            else:
                subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=target, check=True)
            subprocess.run(["npm", "run", "--silent", "build"], cwd=target, check=True)
    data = target / "data"
    data.mkdir(exist_ok=True)
    for path in (ROOT / "data").iterdir():  # the manifest; no data/raw: nothing executes
        if path.is_file() and not (data / path.name).exists():
            shutil.copyfile(path, data / path.name)
    return target


def build_site(ref: str | None, work: Path) -> Path:
    """Build the pages (no PDFs) of this tree or of ``ref`` with that tree's own code."""
    tree = _copy_tree(ref, work / (ref or "current").replace("/", "_"))
    env = {**os.environ, "PYTHONPATH": str(tree / "py"), "AIGROWTH_PROJECT_ROOT": str(tree)}
    completed = subprocess.run([sys.executable, "-m", "qmdrender", "build", "--no-pdf"], cwd=tree, env=env,
                               capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"building {ref or 'this tree'} failed:\n{completed.stderr[-2000:]}")
    return tree / "_site"


# -- serving it as a static host would -------------------------------------------------------
@contextmanager
def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1: text gzipped when the browser accepts it, content-hashed
    files cacheable for a year, everything else for ten minutes (as GitHub Pages does)."""
    cache: dict[Path, bytes] = {}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def send_head(self):  # type: ignore[override]
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file() or not _TEXT.search(path.name) or "gzip" not in self.headers.get("Accept-Encoding", ""):
                return super().send_head()
            if path not in cache:
                cache[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            body = cache[path]
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io

            return io.BytesIO(body)

        def end_headers(self) -> None:
            immutable = _HASHED.search(self.path.split("?")[0])
            self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "max-age=600")
            super().end_headers()

    handler = functools.partial(Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# -- measuring -------------------------------------------------------------------------------
def pages_of(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in (site / "report").glob("*.html"))


def weights(base: str, pages: list[str]) -> dict[str, dict[str, int]]:
    """Bytes downloaded per page, raw and gzipped: at load, and after every chart drew."""
    from playwright.sync_api import sync_playwright

    result: dict[str, dict[str, int]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for page_name in pages:
            context = browser.new_context(viewport=PHONE)
            page = context.new_page()
            responses: list = []
            page.on("requestfinished", lambda request: responses.append(request))
            page.goto(f"{base}/{page_name}", wait_until="networkidle")
            page.wait_for_timeout(500)
            loaded = len(responses)
            charts = page.locator(".plotly-graph-div")
            count = charts.count()
            for i in range(count):
                charts.nth(i).scroll_into_view_if_needed()
                charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=30_000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            def collect(found: list) -> dict[str, bytes]:
                return {r.url: r.response().body() for r in found if r.response() and r.response().ok}

            at_load, everything = collect(responses[:loaded]), collect(responses)
            context.close()

            def sizes(found: dict[str, bytes]) -> tuple[int, int]:
                return (sum(len(b) for b in found.values()),
                        sum(len(gzip.compress(b, compresslevel=6, mtime=0)) for b in found.values()))

            raw_load, gz_load = sizes(at_load)
            raw_all, gz_all = sizes(everything)
            result[page_name] = {"raw_load": raw_load, "gzip_load": gz_load, "raw_all": raw_all, "gzip_all": gz_all,
                                 "charts": count}
        browser.close()
    return result


CATEGORIES = {"score": "performance", "a11y": "accessibility", "practices": "best-practices"}


def lighthouse(url: str, form_factor: str) -> dict[str, float]:
    """One Lighthouse run: the performance score (0-100), the accessibility and best-practices
    scores, LCP and TBT in ms and CLS (a fraction)."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE} not found: run `npm ci --prefix bench` (make bench does)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        completed = subprocess.run(
            [str(LIGHTHOUSE), url, f"--only-categories={','.join(CATEGORIES.values())}", "--output=json", f"--output-path={out}",
             "--quiet", f"--chrome-flags={CHROME_FLAGS}", *FORM_FACTORS[form_factor]],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, check=False)
        if completed.returncode != 0 or not out.is_file():
            raise RuntimeError(f"lighthouse failed on {url}: {completed.stderr[-800:]}")
        report = json.loads(out.read_text())
    audits = report["audits"]
    scores = {key: round(100 * (report["categories"][name]["score"] or 0)) for key, name in CATEGORIES.items()}
    return {**scores,
            "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
            "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
            "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3)}


def measure(ref: str | None, use_lighthouse: bool = True, factors: tuple[str, ...] = tuple(FORM_FACTORS)) -> dict:
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    try:
        site = build_site(ref, work)
        pages = pages_of(site)
        with serve(site) as base:
            rows = weights(base, pages)
            if use_lighthouse:
                for name in pages:
                    for factor in factors:
                        rows[name][factor] = lighthouse(f"{base}/{name}", factor)
        label = ref or "this tree"
        if ref:
            label = subprocess.run(["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True).stdout.strip() or ref
        return {"build": label, "pages": rows}
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- the table -------------------------------------------------------------------------------
def _kb(value: int | None) -> str:
    return "" if value is None else f"{value / 1024:.0f}"


def print_table(current: dict, baseline: dict | None) -> int:
    """The side-by-side table; returns how many goals were missed by the current build."""
    header = ("page", "build", "raw KB", "gzip KB", "all gzip KB", "mobile", "LCP ms", "TBT ms", "CLS", "a11y", "BP",
              "desktop", "LCP ms", "TBT ms")
    rows = []
    missed = 0
    for name in sorted(current["pages"]):
        for which in ([baseline] if baseline else []) + [current]:
            r = which["pages"].get(name)
            if r is None:
                continue
            m, d = r.get("mobile", {}), r.get("desktop", {})
            rows.append((Path(name).name, which["build"], _kb(r["raw_all"]), _kb(r["gzip_load"]), _kb(r["gzip_all"]),
                         str(m.get("score", "")), str(m.get("lcp_ms", "")), str(m.get("tbt_ms", "")),
                         str(m.get("cls", "")), str(m.get("a11y", "")), str(m.get("practices", "")),
                         str(d.get("score", "")), str(d.get("lcp_ms", "")), str(d.get("tbt_ms", ""))))
        r = current["pages"][name]
        missed += r["gzip_all"] / 1024 > GOALS["gzip KB"]
        if "mobile" in r:
            missed += r["mobile"]["score"] < GOALS["mobile score"] or r["mobile"]["tbt_ms"] > GOALS["mobile TBT ms"]
    widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
    print("  ".join(h.rjust(w) if i > 1 else h.ljust(w) for i, (h, w) in enumerate(zip(header, widths))))
    for row in rows:
        print("  ".join(c.rjust(w) if i > 1 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))))
    heaviest = max(current["pages"].items(), key=lambda kv: kv[1]["gzip_all"])
    print("raw KB: everything downloaded once every chart drew; gzip KB: at load; all gzip KB: once every chart drew; "
          "mobile/desktop: Lighthouse performance; a11y, BP: its accessibility and best-practices scores (mobile)")
    print(f"goals: mobile score >= {GOALS['mobile score']}, mobile TBT <= {GOALS['mobile TBT ms']} ms, "
          f"heaviest page <= {GOALS['gzip KB']} KB gzipped (now {Path(heaviest[0]).name}, {_kb(heaviest[1]['gzip_all'])} KB): "
          f"{'all met' if not missed else f'{missed} missed'}")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline-ref", help="rebuild this commit from git and measure it beside this tree")
    parser.add_argument("--record-baseline", metavar="REF", help=f"measure REF and write {BASELINE_FILE.name}")
    parser.add_argument("--no-lighthouse", action="store_true", help="page weights only")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON as well")
    parser.add_argument("--mobile-only", action="store_true", help="Lighthouse on the simulated phone only (half the time)")
    args = parser.parse_args()
    if args.record_baseline:
        baseline = measure(args.record_baseline, not args.no_lighthouse)
        BASELINE_FILE.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE_FILE.relative_to(ROOT)} ({baseline['build']})")
        return 0
    baseline = None
    if args.baseline_ref:
        baseline = measure(args.baseline_ref, not args.no_lighthouse)
    elif BASELINE_FILE.is_file():
        baseline = json.loads(BASELINE_FILE.read_text(encoding="utf-8"))
        baseline["build"] += " (baseline file)"
    current = measure(None, not args.no_lighthouse, ("mobile",) if args.mobile_only else tuple(FORM_FACTORS))
    if args.json:
        print(json.dumps({"current": current, "baseline": baseline}))
    print_table(current, baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
