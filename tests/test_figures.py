"""Figure builders: stable ids, names and JSON; template, titles, source line and hover."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from aigrowth.frontier import top_n_at_release

DOMAINS = ["Language", "Vision", "Multimodal", "Image generation", "Video", "Speech & audio",
           "Biology & medicine", "Games", "Robotics", "Other"]
ORG_TYPES = ["Industry", "Academia", "Research collective", "Government", "Industry–academia",
             "Other collaboration"]
COUNTRIES = {"USA": "United States", "CHN": "China", "GBR": "United Kingdom", "FRA": "France",
             "CAN": "Canada", "DEU": "Germany", "KOR": "South Korea", "JPN": "Japan",
             "IND": "India", "SGP": "Singapore"}


def synthetic_models(n: int = 400, seed: int = 7) -> pd.DataFrame:
    """A frame with the columns of `Dataset.models`: compute grows ~1.4×/year before 2010
    and ~4×/year after, other metrics follow compute with noise, many values missing."""
    rng = np.random.default_rng(seed)
    year = np.sort(np.concatenate([rng.uniform(1955, 2010, n // 5), rng.uniform(2010, 2025.5, n - n // 5)]))
    dates = pd.to_datetime([f"{int(y)}-01-01" for y in year]) + pd.to_timedelta(
        np.round((year % 1) * 365).astype(int), unit="D")
    log_c = np.where(year < 2010, 14 + 0.15 * (year - 2010), 14 + 0.6 * (year - 2010)) + rng.normal(0, 1, n)
    compute = 10.0 ** log_c
    compute[rng.random(n) < 0.1] = np.nan
    iso = list(COUNTRIES)
    weights = np.array([40, 25, 8, 5, 5, 5, 4, 4, 2, 2], dtype=float)
    primary = rng.choice(iso, n, p=weights / weights.sum())
    second = rng.choice(iso, n)
    countries = [(p,) if rng.random() < 0.8 or p == s else (p, s) for p, s in zip(primary, second)]
    params = 10.0 ** ((log_c - 6) / 2 + rng.normal(0, 0.4, n))
    cost = np.where(rng.random(n) < 0.7, np.nan, 10.0 ** (log_c - 17.5 + rng.normal(0, 0.4, n)))
    power = np.where(rng.random(n) < 0.8, np.nan, 10.0 ** (3 + 0.2 * (year - 2000) + rng.normal(0, 0.3, n)))
    hours = np.where(rng.random(n) < 0.6, np.nan, 10.0 ** rng.normal(2.5, 0.6, n))
    open_w = pd.array(np.where(rng.random(n) < 0.3, None, rng.random(n) < 0.4), dtype="boolean")
    frame = pd.DataFrame({
        "model_key": [f"m{i:04d}" for i in range(n)],
        "model": [f"Model {i}" for i in range(n)],
        "organization": np.where(rng.random(n) < 0.05, None, rng.choice(["Lab A", "Lab B", "Uni C"], n)),
        "publication_date": dates,
        "year": pd.array(dates.year, dtype="Int64"),
        "decimal_year": year,
        "domain_group": rng.choice(DOMAINS, n),
        "organization_type": np.where(rng.random(n) < 0.05, None, rng.choice(ORG_TYPES, n)),
        "countries": countries,
        "primary_country": primary,
        "primary_country_name": [COUNTRIES[c] for c in primary],
        "is_notable": rng.random(n) < 0.8,
        "open_weights": open_w,
        "compute_flop": compute,
        "parameters": params,
        "cost_usd_2023": cost,
        "power_w": power,
        "training_time_hours": hours,
    })
    frame["is_large_scale"] = frame["compute_flop"] > 1e23
    frame["frontier_top10"] = top_n_at_release(frame["publication_date"], frame["compute_flop"]).to_numpy()
    frame["frontier_epoch"] = frame["frontier_top10"] & (frame["decimal_year"] < 2025.5)
    return frame


def synthetic_model_countries(models: pd.DataFrame) -> pd.DataFrame:
    """The long table: one row per (model, country)."""
    long = models.explode("countries").rename(columns={"countries": "iso3"})
    long["country_name"] = long["iso3"].map(COUNTRIES)
    long["n_countries"] = long["model_key"].map(models.set_index("model_key")["countries"].map(len))
    return long[["model_key", "iso3", "country_name", "year", "decimal_year", "compute_flop",
                 "is_large_scale", "frontier_epoch", "frontier_top10", "n_countries"]].reset_index(drop=True)


# -- Builders under test ----------------------------------------------------------------------

from aigrowth import style  # noqa: E402
from aigrowth.constants import SMALL_SHARE_N  # noqa: E402
from aigrowth.figures import aicompute, domains, efficiency, geography, temporal  # noqa: E402
from aigrowth.style import DEFAULT_SOURCE, SOURCE_ANNOTATION_NAME, TEMPLATE_NAME  # noqa: E402
from aigrowth.variables import variable  # noqa: E402


class StraightTrend:
    """A trend line with a known slope: log10 y = intercept + slope · year."""

    def __init__(self, start: float, end: float, intercept: float, slope: float, label: str):
        self.start, self.end, self.label = start, end, label
        self.intercept, self.slope = intercept, slope
        self.growth_per_year = 10.0**slope
        self.doubling_months = 12 * np.log10(2) / slope

    def predict(self, decimal_years):
        return self.intercept + self.slope * np.asarray(decimal_years, dtype=float)


TREND_EARLY = StraightTrend(1955.0, 2010.0, 14 - 0.15 * 2010, 0.15, "1955–2010")
TREND_LATE = StraightTrend(2010.0, 2025.5, 14 - 0.6 * 2010, 0.6, "2010–2025")


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return synthetic_models()


@pytest.fixture(scope="module")
def model_countries(models) -> pd.DataFrame:
    return synthetic_model_countries(models)


def _build_all(models: pd.DataFrame, model_countries: pd.DataFrame) -> dict[str, go.Figure]:
    """Every builder once, as the chapters call them."""
    records = aicompute.record_runs_data(models)
    slopes = pd.DataFrame({"domain_group": ["Language", "Vision", "Games"], "slope": [2.0, 1.6, 1.2],
                           "low": [1.8, 1.3, 0.7], "high": [2.2, 1.9, 1.6], "n": [300, 120, 20]})
    return {
        "compute": temporal.compute_over_time_figure(
            temporal.compute_over_time_data(models), trends=[TREND_EARLY, TREND_LATE],
            named_models=["Model 300"]),
        "parameters": temporal.metric_over_time_figure(
            temporal.metric_over_time_data(models, "parameters", "country"), "parameters", "country"),
        "cost": temporal.metric_over_time_figure(
            temporal.metric_over_time_data(models, "cost_usd_2023", "organization_type"),
            "cost_usd_2023", "organization_type"),
        "power": temporal.metric_over_time_figure(
            temporal.metric_over_time_data(models, "power_w"), "power_w"),
        "time": temporal.metric_over_time_figure(
            temporal.metric_over_time_data(models, "training_time_hours"), "training_time_hours"),
        "open_share": temporal.open_weights_share_figure(temporal.open_weights_share_data(models)),
        "open_compute": temporal.open_weights_by_compute_figure(temporal.open_weights_by_compute_data(models)),
        "org_share": temporal.organization_share_figure(temporal.organization_share_data(models)),
        "records": aicompute.record_runs_figure(records, StraightTrend(2012, 2019, -1190, 0.6, "2012–2018")),
        "cvp": domains.compute_vs_parameters_figure(
            domains.compute_vs_parameters_data(models), {"Language": (3.0, 2.0), "Vision": (5.0, 1.6)}),
        "slopes": domains.domain_slopes_figure(slopes, reference=1.7),
        "countries": geography.models_per_country_figure(geography.models_per_country_data(model_countries)),
        "large_scale": geography.country_counts_over_time_figure(
            geography.country_counts_over_time_data(model_countries)),
        "frontier": efficiency.frontier_vs_rest_figure(
            efficiency.frontier_vs_rest_data(models), trends={"Frontier": TREND_LATE}),
        "frontier_cost": efficiency.frontier_vs_rest_figure(
            efficiency.frontier_vs_rest_data(models, "cost_usd_2023"), "cost_usd_2023"),
        "flop_per_dollar": efficiency.efficiency_figure(efficiency.efficiency_data(models)),
        "flop_per_joule": efficiency.efficiency_figure(
            efficiency.efficiency_data(models, "flop_per_joule"), "flop_per_joule"),
    }


@pytest.fixture(scope="module")
def figures(models, model_countries) -> dict[str, go.Figure]:
    return _build_all(models, model_countries)


def test_every_figure_has_id_traces_template_titles_and_source(figures):
    ids = set()
    for key, fig in figures.items():
        meta = fig.layout.meta
        assert isinstance(meta, dict) and meta.get("id"), key
        ids.add(meta["id"])
        assert len(fig.data) > 0 and any(t.x is not None and len(t.x) > 0 for t in fig.data), key
        assert fig.layout.template.layout.font.family == style.FONT_FAMILY, key
        assert fig.layout.title.text, key
        sources = [a for a in fig.layout.annotations if a.name == SOURCE_ANNOTATION_NAME]
        assert len(sources) == 1 and sources[0].text == DEFAULT_SOURCE, key
        assert sources[0].yref == "paper" and sources[0].yshift < 0, key
    assert len(ids) == len(figures), "figure ids must be unique"


def test_two_builds_give_identical_json(models, model_countries, figures):
    again = _build_all(models, model_countries)
    for key, fig in figures.items():
        assert fig.to_json() == again[key].to_json(), key


def test_trace_names_and_uids_are_stable_and_css_safe(figures):
    for key, fig in figures.items():
        uids = [t.uid for t in fig.data]
        assert all(u and len(set(uids)) == len(uids) for u in uids), key
        assert all(u.replace("-", "").isalnum() for u in uids), (key, uids)
        assert all(t.name for t in fig.data), key


def test_no_exponent_notation_anywhere(figures):
    for key, fig in figures.items():
        text = fig.to_json()
        for axis in ("yaxis", "xaxis", "yaxis2"):
            ax = fig.layout[axis] if axis in fig.layout else None
            if ax is not None and ax.type == "log":
                assert ax.ticktext and all("e+" not in t and "e-" not in t for t in ax.ticktext), key
        hover = [str(c) for t in fig.data if t.customdata is not None for row in t.customdata for c in row]
        assert not any("e+" in h for h in hover), key
        assert "1e+" not in text, key


def test_hover_names_model_organisation_date_and_value(figures, models):
    trace = next(t for t in figures["compute"].data if t.name == "Language")
    assert "%{customdata[0]}" in trace.hovertemplate and "%{customdata[3]}" in trace.hovertemplate
    model, organisation, date, value = trace.customdata[0]
    row = models[models["model"] == model].iloc[0]
    assert organisation in (row["organization"], "Organisation unknown")
    assert date.endswith(str(row["publication_date"].year))
    assert value.endswith(" FLOP") and "e+" not in value


def test_compute_over_time_traces_for_scrollytelling(figures, models):
    fig = figures["compute"]
    names = [t.name for t in fig.data]
    present = [d for d in DOMAINS if d in set(models["domain_group"])]
    assert names[: len(present)] == present
    trends = [t for t in fig.data if t.name.startswith("trend: ")]
    assert [t.name for t in trends] == ["trend: 1955–2010", "trend: 2010–2025"]
    assert all(t.visible is False for t in trends), "trend lines start hidden for a step to reveal"
    assert "4.0× a year since 2010" in fig.layout.title.text.replace("<br>", " ")
    assert any(a.name == "model: Model 300" for a in fig.layout.annotations)
    assert sum(len(t.x) for t in fig.data if not t.name.startswith("trend")) == models["compute_flop"].gt(0).sum()


def test_trend_trace_follows_its_prediction(figures):
    trend = next(t for t in figures["compute"].data if t.name == "trend: 2010–2025")
    assert trend.x[0] == pytest.approx(2010.0) and trend.x[-1] == pytest.approx(2025.5)
    assert np.log10(trend.y[-1]) - np.log10(trend.y[0]) == pytest.approx(0.6 * 15.5)


def test_highlight_greys_out_other_groups(models):
    fig = temporal.compute_over_time_figure(temporal.compute_over_time_data(models), highlight=["Language"])
    colours = {t.name: t.marker.color for t in fig.data}
    assert colours["Language"] == style.DOMAIN_COLOURS["Language"]
    assert colours["Vision"] == style.GREY_CONTEXT
    assert next(t for t in fig.data if t.name == "Vision").meta["colour"] == style.DOMAIN_COLOURS["Vision"]


def test_record_runs_are_records_and_have_petaflop_axis(models, figures):
    data = aicompute.record_runs_data(models)
    assert data["decimal_year"].between(2012, 2019).all()
    records = data[data["is_record"]].sort_values("decimal_year")
    assert records["compute_flop"].is_monotonic_increasing
    assert data["petaflop_s_days"].to_numpy() == pytest.approx(data["compute_flop"].to_numpy() / 8.64e19)
    fig = figures["records"]
    left, right = fig.layout.yaxis.range, fig.layout.yaxis2.range
    assert left[0] - right[0] == pytest.approx(np.log10(8.64e19))
    assert "petaflop/s-days" in fig.data[1].customdata[0][3]


def test_country_charts(model_countries, figures):
    data = geography.models_per_country_data(model_countries, top=5)
    assert data["n_models"].is_monotonic_decreasing and list(data["rank"]) == [1, 2, 3, 4, 5]
    expected_usa = model_countries.loc[model_countries["iso3"] == "USA", "model_key"].nunique()
    assert data.iloc[0]["iso3"] == "USA" and data.iloc[0]["n_models"] == expected_usa
    lines = geography.country_counts_over_time_data(model_countries, countries=["USA", "CHN"])
    final = lines.groupby("iso3")["cumulative"].last()
    assert final["USA"] == model_countries[(model_countries["iso3"] == "USA")
                                           & model_countries["is_large_scale"]]["model_key"].nunique()
    fig = figures["large_scale"]
    labels = [a.name for a in fig.layout.annotations if a.name and a.name.startswith("label: ")]
    assert sorted(labels) == sorted(f"label: {t.name}" for t in fig.data)
    assert all(t.showlegend is False for t in fig.data)


def test_open_weights_shares_add_up(models):
    data = temporal.open_weights_share_data(models)
    assert (data["share_open_pct"] + data["share_closed_pct"]).to_numpy() == pytest.approx(100)
    known = models[models["open_weights"].notna() & (models["year"] >= 2015)]
    assert data["n_known"].sum() == len(known)
    assert data["n_open"].sum() == int(known["open_weights"].astype(bool).sum())


def test_compute_over_time_overlay_and_named_trends(models):
    data = temporal.compute_over_time_data(models, flags=("frontier_top10",))
    assert data["frontier_top10"].dtype == bool
    fig = temporal.compute_over_time_figure(
        data, trends=[TREND_EARLY, TREND_LATE], trend_names=["trend: early", "trend: late"],
        overlay="frontier_top10", overlay_name="Frontier models")
    names = [t.name for t in fig.data]
    assert names[-3:] == ["Frontier models", "trend: early", "trend: late"]
    overlay = next(t for t in fig.data if t.name == "Frontier models")
    assert overlay.visible is False and len(overlay.x) == int(data["frontier_top10"].sum())
    assert fig.layout.xaxis.autorange is False and fig.layout.yaxis.autorange is False
    with pytest.raises(ValueError, match="trend names"):
        temporal.compute_over_time_figure(data, trends=[TREND_EARLY], trend_names=["a", "b"])


def test_organization_shares_add_up_and_title_follows_the_data(models):
    data = temporal.organization_share_data(models, since=2010)
    per_year = data.groupby("year")["share_pct"].sum()
    assert per_year.to_numpy() == pytest.approx(100)
    since = models[models["year"] >= 2010]
    assert data["n"].sum() == len(since)
    assert set(data["organization_type"]) <= set(style.ORGANIZATION_TYPE_COLOURS) | {temporal.UNKNOWN_TYPE}
    fig = temporal.organization_share_figure(data)
    assert [t.name for t in fig.data][0] == "Industry"
    first, last = int(data["year"].min()), int(data["year"].max())
    title = fig.layout.title.text.replace("<br>", " ")
    assert str(first) in title and str(last) in title
    share, n, total = temporal.focus_share(data, "Industry", [first])
    assert share == pytest.approx(100 * n / total)
    rising = pd.DataFrame({"year": [2010, 2010, 2011], "organization_type": ["Industry", "Academia", "Industry"],
                           "n": [1, 3, 2], "n_year": [4, 4, 2], "share_pct": [25.0, 75.0, 100.0]})
    assert "rose" in temporal.organization_share_figure(rising).layout.title.text
    falling = rising.assign(year=[2011, 2011, 2010])
    assert "fell" in temporal.organization_share_figure(falling).layout.title.text


def test_efficiency_is_compute_over_the_resource(models, figures):
    data = efficiency.efficiency_data(models, "flop_per_joule")
    energy = data["power_w"] * data["training_time_hours"] * 3600.0
    assert (data["flop_per_joule"] * energy).to_numpy() == pytest.approx(data["compute_flop"].to_numpy())
    per_dollar = efficiency.efficiency_data(models)
    assert (per_dollar["flop_per_dollar"] * per_dollar["cost_usd_2023"]).to_numpy() == pytest.approx(
        per_dollar["compute_flop"].to_numpy())
    subtitle = figures["flop_per_dollar"].layout.title.subtitle.text.replace("<br>", " ")
    assert "Higher is better: more compute per dollar" in subtitle


def test_efficiency_builders_use_the_statistics_module(models):
    """One definition of each metric: the figure data equal `add_efficiency_metrics`, and
    the flags equal `flag_implausible_cost`."""
    from aigrowth.efficiency import add_efficiency_metrics, flag_implausible_cost

    reference = add_efficiency_metrics(models).set_index("model_key")
    for measure in ("flop_per_dollar", "flop_per_joule"):
        data = efficiency.efficiency_data(models, measure).set_index("model_key")
        assert data[measure].to_numpy() == pytest.approx(reference.loc[data.index, measure].to_numpy())
    flags = flag_implausible_cost(models)
    flagged_keys = set(models.loc[flags.index[flags["implausible"]], "model_key"])
    data = efficiency.efficiency_data(models)
    assert set(data.loc[data["implausible"], "model_key"]) == flagged_keys & set(data["model_key"])


def test_efficiency_flagged_runs_are_drawn_apart():
    frame = synthetic_models()
    row = frame.index[(frame["cost_usd_2023"] > 0) & (frame["compute_flop"] > 0)
                      & (frame["decimal_year"] > 2015)][0]
    frame.loc[row, "cost_usd_2023"] = frame.loc[row, "compute_flop"] / 1e24  # far too cheap
    data = efficiency.efficiency_data(frame)
    assert data.loc[data["model_key"] == frame.loc[row, "model_key"], "implausible"].item()
    fig = efficiency.efficiency_figure(data)
    names = [t.name for t in fig.data]
    assert efficiency.FLAGGED in names
    flagged = fig.data[names.index(efficiency.FLAGGED)]
    models_trace = fig.data[names.index("Models")]
    assert len(flagged.x) + len(models_trace.x) == len(data)
    assert "orders of magnitude" in str(flagged.customdata[0][4])


def test_efficiency_title_direction_follows_the_data():
    up = StraightTrend(2010.0, 2025.0, -300.0, 0.15, "2010–2025")
    down = StraightTrend(2010.0, 2025.0, 300.0, -0.15, "2010–2025")
    assert "improved" in efficiency.efficiency_title("flop_per_dollar", up)
    assert "worsened" in efficiency.efficiency_title("flop_per_dollar", down)
    assert variable("flop_per_joule").direction_text().startswith("Higher is better")
    with pytest.raises(ValueError, match="unknown measure"):
        efficiency.efficiency_data(synthetic_models(), "flop_per_usd")


def test_bad_input_raises_clear_errors(models, model_countries):
    with pytest.raises(ValueError, match="unknown metric"):
        temporal.metric_over_time_data(models, "speed")
    with pytest.raises(ValueError, match="columns"):
        temporal.compute_over_time_data(models.drop(columns=["compute_flop"]))
    with pytest.raises(ValueError, match="no rows"):
        temporal.compute_over_time_figure(temporal.compute_over_time_data(models).iloc[0:0])
    with pytest.raises(ValueError, match="cannot annotate"):
        temporal.compute_over_time_figure(temporal.compute_over_time_data(models), named_models=["GPT-99"])
    with pytest.raises(ValueError, match="subset"):
        geography.models_per_country_data(model_countries, subset="famous")
    with pytest.raises(ValueError, match="no plotted models"):
        domains.compute_vs_parameters_figure(domains.compute_vs_parameters_data(models, ["Language"]),
                                             {"Vision": (1.0, 1.0)})
    with pytest.raises(TypeError, match="trend"):
        temporal.compute_over_time_figure(temporal.compute_over_time_data(models), trends=["2010"])


def test_figure_json_is_valid_and_template_named(figures):
    for fig in figures.values():
        parsed = json.loads(fig.to_json())
        assert parsed["layout"]["meta"]["id"]
    assert TEMPLATE_NAME == "aigrowth"


def test_record_runs_named_trends_and_pace_line(models):
    data = aicompute.record_runs_data(models)
    pace = aicompute.PaceLine(2012.0, 1e18, 3.4, 2019.0, "pace", cap=1e21)
    fig = aicompute.record_runs_figure(
        data, None, title="t", pfs_axis=False,
        trends=[aicompute.NamedTrend("Trend A", StraightTrend(2012, 2019, -1190, 0.6, "a")),
                aicompute.NamedTrend("Pace", pace, dash="dash")])
    assert [t.name for t in fig.data] == ["Other models", "Record-setting runs", "Trend A", "Pace"]
    assert "petaflop/s-day axis" not in [t.name for t in fig.data]
    assert pace.end < 2019.0 and pace.growth_per_year == pytest.approx(2 ** (12 / 3.4))
    with pytest.raises(ValueError, match="commas"):
        aicompute.NamedTrend("Trend, A", pace)
    with pytest.raises(ValueError, match="unique"):
        aicompute.record_runs_figure(data, None, title="t", trends=[aicompute.NamedTrend(aicompute.RECORDS, pace)])


def test_hover_organisations_are_listed_once_and_shortened():
    from aigrowth.figures._base import short_organisations

    assert short_organisations("OpenAI,OpenAI") == "OpenAI"
    assert short_organisations(None) == "Organisation unknown"
    long = "Google DeepMind,Google Research,University of Toronto,Stanford University"
    assert short_organisations(long) == "Google DeepMind, Google Research and 2 more"


def test_share_bars_on_few_models_are_faint(models):
    data = temporal.open_weights_share_data(models)
    fig = temporal.open_weights_share_figure(data)
    small = data["n_known"].to_numpy() < SMALL_SHARE_N
    for trace in fig.data:
        opacity = list(trace.marker.opacity)
        assert opacity == [style.SMALL_SHARE_OPACITY if s else 1.0 for s in small]
    assert style.SMALL_SHARE_OPACITY < 1.0


def test_compute_vs_parameters_is_small_multiples_with_a_gridline_per_decade(figures):
    """One panel per domain in two columns, shared log axes with a gridline at every power of
    ten (labels thinned), the panel's line drawn after its points, no legend and no hue."""
    fig = figures["cvp"]
    groups = [t.name for t in fig.data if not t.name.startswith(("context: ", "fit"))]
    assert len({t.xaxis for t in fig.data}) == len(groups) >= 2
    columns = {round(fig.layout[f"xaxis{'' if i == 0 else i + 1}"].domain[0], 2) for i in range(len(groups))}
    assert len(columns) == min(2, len(groups))  # two columns read on a phone
    names = [t.name for t in fig.data]
    assert names.index("fit: Language") > names.index("Language")
    x = fig.layout.xaxis
    decades = [round(math.log10(v)) for v in x.minor.tickvals]
    assert decades == list(range(decades[0], decades[-1] + 1))  # every power of ten
    assert set(x.tickvals) <= set(x.minor.tickvals) and len(x.tickvals) < len(x.minor.tickvals)
    assert all(t.showlegend is False for t in fig.data)
    colours = {t.marker.color for t in fig.data if t.mode == "markers"} | {t.line.color for t in fig.data if t.mode == "lines"}
    assert all(len({c[1:3], c[3:5], c[5:7]}) == 1 or c == "white" for c in colours)  # ink, greys, white
