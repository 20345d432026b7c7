"""The report's display policy (aigrowth.display): what a figure's output carries for the page
and for the PDF, whichever renderer executes the chapter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest

from aigrowth import display

HOSTILE = '</script><img src=x onerror="window.__pwned=1"><!-- & \u2028 \u2029'


def _figure(name: str = "Models", **layout) -> dict:
    fig = go.Figure(go.Scatter(x=[2020, 2021], y=[1e21, 1e22], name=name, customdata=[[name], [name]]))
    fig.update_layout(meta={"id": "test-figure"}, height=500, title={"text": "A <b>finding</b>"}, **layout)
    return fig.to_plotly_json()


def _payload(markup: str) -> dict:
    block = re.search(r'<script type="application/json" class="aigrowth-figure-data">(.*?)</script>', markup, re.S)
    assert block, markup[:200]
    return json.loads(block.group(1))


def test_json_for_html_escapes_what_could_close_the_element_and_reads_back_the_same() -> None:
    text = display.json_for_html({"name": HOSTILE})
    assert not re.search(r"[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"name": HOSTILE}


def test_page_figure_is_an_empty_described_plot_div_with_its_data_and_no_script_that_runs() -> None:
    markup = display.figure_html(_figure(HOSTILE), "test-figure", alt=f'Alt "{HOSTILE}"')
    assert markup.startswith('<div class="aigrowth-figure" role="img" aria-label="Alt &quot;&lt;/script&gt;')
    assert 'id="test-figure" class="plotly-graph-div"' in markup
    assert 'style="height:500px"' in markup and 'data-plotly-bundle="charts"' in markup
    # The only script element is the JSON block; hostile text cannot end it or start markup.
    assert re.findall(r"<script[^>]*>", markup) == ['<script type="application/json" class="aigrowth-figure-data">']
    assert markup.count("</script>") == 1 and "<img" not in markup and "<!--" not in markup
    payload = _payload(markup)
    assert payload["data"][0]["name"] == HOSTILE
    assert payload["config"] == display.PLOT_CONFIG


def test_a_figure_with_a_map_asks_for_the_map_bundle() -> None:
    fig = go.Figure(go.Choropleth(locations=["USA"], z=[1]))
    assert 'data-plotly-bundle="maps"' in display.figure_html(fig.to_plotly_json(), "m", alt="A map")


def test_the_renderer_follows_the_output_format_and_the_offline_protocol() -> None:
    cell = display._CellWatcher()
    queue = {display.QUEUE_ENV: "1"}
    both = {display.QUEUE_ENV: "1", display.BOTH_ENV: "1"}
    assert isinstance(display.choose_renderer(cell, "html", {}), display._PageRenderer)
    assert isinstance(display.choose_renderer(cell, "typst", queue), display._QueuedRenderer)
    assert isinstance(display.choose_renderer(cell, "typst", {}), display._PngRenderer)
    kinds = lambda r: [type(x) for x in r.renderers]  # noqa: E731
    assert kinds(display.choose_renderer(cell, "html", both)) == [display._PageRenderer, display._QueuedRenderer]
    # Quarto before 1.8.19 does not say the format: the page's HTML and the PDF's image together.
    assert kinds(display.choose_renderer(cell, None, {})) == [display._PageRenderer, display._PngRenderer]


def test_both_formats_in_one_output_offline() -> None:
    renderer = display.choose_renderer(display._CellWatcher(), "html", {display.QUEUE_ENV: "1", display.BOTH_ENV: "1"})
    bundle = renderer.to_mimebundle(_figure())
    assert set(bundle) == {"text/html", display.QUEUED_FIGURE_MIME, "text/plain"}
    queued = bundle[display.QUEUED_FIGURE_MIME]
    assert (queued["width"], queued["height"], queued["scale"]) == (display.STATIC_WIDTH, 500, display.STATIC_SCALE)


def test_output_format_reads_quartos_execute_info(tmp_path: Path, monkeypatch) -> None:
    info = tmp_path / "info.json"
    info.write_text(json.dumps({"format": {"pandoc": {"to": "typst"}}}))
    monkeypatch.setenv("QUARTO_EXECUTE_INFO", str(info))
    assert display.output_format() == "typst"
    monkeypatch.delenv("QUARTO_EXECUTE_INFO")
    assert display.output_format() is None


def test_alt_text_comes_from_the_cells_fig_alt_in_its_qmd(tmp_path: Path) -> None:
    (tmp_path / "report").mkdir()
    (tmp_path / "report" / "a.qmd").write_text(
        "---\ntitle: A\n---\n\n```{python}\n#| label: fig-a\n#| fig-alt: \"Dots rising\"\nfig = make()\nfig.show()\n```\n"
        "\n```{python}\n#| label: fig-b\n# | fig-alt: Bars falling\nother()\n```\n", encoding="utf-8")
    display._alt_by_body.cache_clear()
    # Both renderers hand the kernel the code without its option lines.
    assert display.cell_alt_text("fig = make()\nfig.show()", tmp_path) == "Dots rising"
    assert display.cell_alt_text("fig = make()\nfig.show()\n", tmp_path) == "Dots rising"
    assert display.cell_alt_text("other()", tmp_path) == "Bars falling"
    assert display.cell_alt_text("unknown()", tmp_path) is None
    display._alt_by_body.cache_clear()


def test_every_report_figure_gets_its_cells_alt_text() -> None:
    """Each figure cell of the report's chapters resolves to its own fig-alt."""
    root = Path(__file__).resolve().parents[1]
    display._alt_by_body.cache_clear()
    cells = [cell for path in sorted((root / "report").glob("*.qmd"))
             for cell in display.qmd_cells(path.read_text(encoding="utf-8")) if str(cell[1].get("label", "")).startswith("fig-")]
    assert len(cells) >= 20
    for body, options in cells:
        assert display.cell_alt_text(body, root) == options["fig-alt"].strip(), options["label"]
    display._alt_by_body.cache_clear()


def test_page_renderer_uses_the_alt_text_then_the_title(monkeypatch) -> None:
    cell = display._CellWatcher()
    renderer = display._PageRenderer(cell)
    monkeypatch.setattr(display, "cell_alt_text", lambda source: "From the cell" if source else None)
    cell.source = "fig.show()"
    assert 'aria-label="From the cell"' in renderer.to_mimebundle(_figure())["text/html"]
    cell.source = None
    second = renderer.to_mimebundle(_figure())["text/html"]
    assert 'aria-label="A finding"' in second
    assert 'id="test-figure-2"' in second, "the same figure twice on a page gets a second id"


def test_print_shows_the_trend_lines_a_step_reveals() -> None:
    fig = go.Figure([go.Scatter(x=[1], y=[1], visible=False, meta={"print": "show"}),
                     go.Scatter(x=[1], y=[1], visible=False)])
    assert [t.get("visible") for t in display.for_print(fig.to_plotly_json())["data"]] == [True, False]


@pytest.mark.slow
def test_png_for_the_pdf_under_quarto() -> None:
    import shutil

    if not (shutil.which("chromium") or Path("/usr/bin/chromium").exists()):
        pytest.skip("no Chromium for kaleido")
    bundle = display._PngRenderer().to_mimebundle(_figure())
    import base64

    assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
