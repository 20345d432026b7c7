"""Which of Global Trade Alert's semiconductor export-control entries restrict trade today.

GTA lists state interventions of every kind. Its evaluation says which way each cuts: Red
("almost certainly discriminates against foreign commercial interests"), Amber ("likely
discriminatory") and Green (liberalising: an intervention that eases a restriction, such as a
licence granted). "Is In Force" and "Date Removed" say whether it still applies. A count of
"restrictions" therefore keeps Red and Amber entries that were implemented, are in force and
were not removed by the date the data end; each intervention counts once however many
jurisdictions implement it (an EU-wide measure lists all 27 member states).
"""

from __future__ import annotations

import pandas as pd

from aigrowth.estimate import Estimate

RESTRICTIVE_EVALUATIONS = ("Red", "Amber")


def _require(gta: pd.DataFrame, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in gta.columns]
    if missing:
        raise KeyError(f"the export-control count needs GTA columns {missing}")


def data_end(gta: pd.DataFrame) -> pd.Timestamp:
    """The last date the file records (announcement, implementation or removal)."""
    dates = pd.concat([gta[c] for c in ("date_announced", "date_implemented", "date_removed")])
    return pd.Timestamp(dates.max())


def classify(gta: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per intervention with `restrictive` (Red or Amber), `implemented` (an
        implementation date on or before `as_of`), `removed` (a removal date on or before
        `as_of`), `in_force` (implemented and not removed by `as_of`, and GTA's flag says in force
    unless the removal came later) and `counted` (all of restrictive,
        implemented and in force). `as_of` defaults to the data's end."""
    _require(gta, ("intervention_id", "evaluation", "in_force", "date_implemented", "date_removed"))
    as_of = data_end(gta) if as_of is None else pd.Timestamp(as_of)
    evaluation = gta["evaluation"].astype("string").str.strip()
    unknown = ~evaluation.isin(["Red", "Amber", "Green"])
    if unknown.any():
        idx = unknown[unknown].index[0]
        raise ValueError(
            f"GTA Evaluation must be Red, Amber or Green; row {int(idx) + 1} has "
            f"{gta.at[idx, 'evaluation']!r}"
        )
    out = gta[["intervention_id"]].copy()
    out["evaluation"] = evaluation
    out["restrictive"] = evaluation.isin(RESTRICTIVE_EVALUATIONS).to_numpy()
    out["implemented"] = (gta["date_implemented"].notna() & (gta["date_implemented"] <= as_of)).to_numpy()
    out["removed"] = (gta["date_removed"].notna() & (gta["date_removed"] <= as_of)).to_numpy()
    # GTA's "Is In Force" describes the day the file was made; at an earlier date a measure
    # removed later was still in force, so its removal date decides there.
    removed_later = (gta["date_removed"].notna() & (gta["date_removed"] > as_of)).to_numpy()
    out["in_force"] = (
        out["implemented"] & ~out["removed"] & (gta["in_force"].astype(bool).to_numpy() | removed_later)
    )
    out["counted"] = out["restrictive"] & out["implemented"] & out["in_force"]
    return out


def export_controls_restrictive_total(gta: pd.DataFrame, as_of: pd.Timestamp | None = None) -> Estimate:
    """Restrictive export-control interventions in force, all jurisdictions, each counted once."""
    table = classify(gta, as_of)
    end = data_end(gta) if as_of is None else pd.Timestamp(as_of)
    n = int(table.loc[table["counted"], "intervention_id"].nunique())
    left_out = {
        "liberalising (Green)": int((~table["restrictive"]).sum()),
        "restrictive but not implemented": int((table["restrictive"] & ~table["implemented"]).sum()),
        "restrictive, implemented, no longer in force": int(
            (table["restrictive"] & table["implemented"] & ~table["in_force"]).sum()
        ),
    }
    dropped = "; ".join(f"{v} {k}" for k, v in left_out.items())
    return Estimate(
        "export_controls_restrictive_total",
        n,
        None,
        None,
        None,
        n,
        f"GTA semiconductor export-control interventions, all jurisdictions, as of {end.date()}",
        f"interventions GTA evaluates Red or Amber, implemented and in force (not removed) on "
        f"{end.date()}, each counted once; of {len(table)} entries left out: {dropped}",
    )


def coverage(gta: pd.DataFrame) -> pd.DataFrame:
    """Entries per year of implementation (announcement where none), with how many are counted:
    where the file is thin. Columns: year, entries, counted, first_date, last_date."""
    table = classify(gta)
    year = gta["date"].dt.year if "date" in gta.columns else gta["date_implemented"].dt.year
    frame = pd.DataFrame(
        {
            "year": year.to_numpy(),
            "counted": table["counted"].to_numpy(),
            "date": (gta["date"] if "date" in gta.columns else gta["date_implemented"]).to_numpy(),
        }
    )
    out = frame.groupby("year").agg(
        entries=("counted", "size"),
        counted=("counted", "sum"),
        first_date=("date", "min"),
        last_date=("date", "max"),
    )
    return out.reset_index()


def restrictive_panel(
    gta: pd.DataFrame, countries: list[str], last_year: int, as_of: pd.Timestamp | None = None
) -> pd.DataFrame:
    """Restrictive controls in force imposed by and on each country per year, with running
    totals (`aigrowth.table.export_controls_panel` over the entries `classify` counts)."""
    from aigrowth.table import export_controls_panel

    counted = classify(gta, as_of)["counted"].to_numpy()
    return export_controls_panel(gta.loc[counted], countries, last_year)
