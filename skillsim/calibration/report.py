"""calibration/report/: every target against its simulated value (bands over seeds), the
error table, Morris screening (which parameters the targets pin down), stylised facts
(Beveridge curve in a simulated downturn, unemployment durations) and plots.
Reads the tidy table only (through targets.compute_moments / province_monthly)."""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from SALib.analyze import morris as morris_analyze  # noqa: E402
from SALib.sample import morris as morris_sample  # noqa: E402

from skillsim.model import parameters as P  # noqa: E402
from skillsim.calibration import search as SE  # noqa: E402
from skillsim.calibration.targets import Target, compute_moments, mean_moments, objective, province_monthly  # noqa: E402

DUO_CSV = Path(__file__).resolve().parents[2] / "calibration" / "data" / "duo_mbo_enrolment_by_domain_nl_nh_2015_2019.csv"
DOWNTURN = {2021: -0.04, 2023: 0.03}  # demand growth by year in the Beveridge-curve scenario


# ----------------------------------------------------------------- runs with series
def run_series(task: dict) -> dict:
    """Worker: one run; moments plus the province's monthly series."""
    from skillsim.runs import run_scenario

    base = SE._base_scenario(task["scenario"], task["end_year"])
    over = SE.to_overrides(task["values"], base)
    for section, values in task.get("extra", {}).items():
        over.setdefault(section, {}).update(values)
    scenario = base.with_overrides(over, name=task.get("name", "calibrated"))
    table = run_scenario(scenario, seed=task["seed"], scale=task["scale"])
    m = province_monthly(table)
    return {"seed": task["seed"], "moments": compute_moments(table),
            "series": {"date": [str(d.date()) for d in m.index], **{c: m[c].tolist() for c in m.columns}}}


def _frame(rec: dict) -> pd.DataFrame:
    s = dict(rec["series"])
    return pd.DataFrame(s, index=pd.to_datetime(s.pop("date")))


def _runs(evaluator: SE.Evaluator, values, seeds, end_year, extra=None, name="calibrated") -> list[dict]:
    tasks = [{"scenario": evaluator.scenario, "end_year": end_year, "values": values, "seed": s,
              "scale": evaluator.scale, "extra": extra or {}, "name": name} for s in seeds]
    mapper = evaluator.pool.map if evaluator.pool else map
    return list(mapper(run_series, tasks))


# ----------------------------------------------------------------- Morris screening
def morris(evaluator: SE.Evaluator, targets: list[Target], trajectories: int, seed: int = 7):
    problem = {"num_vars": len(SE.FITTED), "names": [f.key for f in SE.FITTED],
               "bounds": [[f.low, f.high] for f in SE.FITTED]}
    X = morris_sample.sample(problem, N=trajectories, num_levels=4, seed=seed)
    points = [{f.key: float(round(x, 10)) for f, x in zip(SE.FITTED, row)} for row in X]
    per_seed = evaluator.per_seed(points, "morris")
    means = [mean_moments(ms) for ms in per_seed]
    out = {}
    for t in targets:
        Y = np.array([m.get(t.name, math.nan) for m in means])
        if not np.all(np.isfinite(Y)):
            continue
        with warnings.catch_warnings():  # one trajectory: sigma is undefined (NaN), say so in the table
            warnings.simplefilter("ignore", RuntimeWarning)
            res = morris_analyze.analyze(problem, X, Y, num_levels=4, print_to_console=False, seed=seed)
        out[t.name] = {"mu_star": dict(zip(problem["names"], np.asarray(res["mu_star"], float))),
                       "mu": dict(zip(problem["names"], np.asarray(res["mu"], float))),
                       "sigma": dict(zip(problem["names"], np.asarray(res["sigma"], float)))}
    return out, len(points)


# ----------------------------------------------------------------- helpers
def _short(key: str) -> str:
    return key.split(".")[1].replace("_per_month", "").replace("_per_year", "").replace("_probability", "_prob")


def _fmt(v: float, unit: str = "") -> str:
    if v is None or not np.isfinite(v):
        return "n/a"
    a = abs(v)
    if a >= 10000:
        return f"{v:,.0f}"
    if a >= 100:
        return f"{v:,.0f}"
    if a >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}"


def error_table(targets, runs, start_moments) -> tuple[pd.DataFrame, float, float]:
    rows = []
    for t in targets:
        vals = np.array([r["moments"].get(t.name, math.nan) for r in runs], float)
        ok = vals[np.isfinite(vals)]
        mean = float(ok.mean()) if len(ok) else math.nan
        lo, hi = (float(np.percentile(ok, 5)), float(np.percentile(ok, 95))) if len(ok) else (math.nan, math.nan)
        rel = abs(mean - t.value) / abs(t.value) if np.isfinite(mean) else math.nan
        rows.append({"target": t.name, "observed": t.value, "unit": t.unit, "error": t.error, "weight": t.weight,
                     "start": start_moments.get(t.name, math.nan), "simulated": mean, "low": lo, "high": hi,
                     "seed_sd": float(ok.std(ddof=1)) if len(ok) > 1 else math.nan,
                     "z": (mean - t.value) / t.error if np.isfinite(mean) else math.nan, "rel_error": rel})
    df = pd.DataFrame(rows)
    fitted = df[(df.weight > 0) & df.rel_error.notna()]
    return df, float(fitted.rel_error.median()), float(df.rel_error.dropna().median())


def beveridge(runs_cycle) -> tuple[float, float, pd.DataFrame]:
    frames = []
    for r in runs_cycle:
        f = _frame(r)
        frames.append(pd.DataFrame({"seed": r["seed"], "u": f["unemployment_rate"],
                                    "v": 100 * f["open_vacancies"] / (f["employed"] + f["open_vacancies"])}))
    df = pd.concat(frames)
    df = df[df.index.year >= 2019]  # after the start-up months
    slope = float(np.polyfit(df.u, df.v, 1)[0]) if df.u.std() > 0 else math.nan
    corr = float(np.corrcoef(df.u, df.v)[0, 1]) if df.u.std() > 0 else math.nan
    return slope, corr, df


def duo_shares() -> pd.DataFrame:
    d = pd.read_csv(DUO_CSV)
    d = d[(d.sex == "total") & d.region.str.startswith("Noord-Holland")]
    g = d.groupby(["year", "tech_domain_flag"]).students.sum().unstack()
    return pd.DataFrame({"technical": g[True], "all": g[True] + g[False], "share": g[True] / (g[True] + g[False])})


# ----------------------------------------------------------------- the report
def write_report(out_dir: Path, evaluator: SE.Evaluator, targets, targets_file: str, best: dict, start: dict,
                 run_meta: dict, report_seeds: list[int], morris_trajectories: int, identification=None) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    values = best["values"]
    runs = _runs(evaluator, values, report_seeds, evaluator.end_year)
    runs_start = _runs(evaluator, start, report_seeds, evaluator.end_year)
    start_moments = mean_moments([r["moments"] for r in runs_start])
    table, med_fitted, med_all = error_table(targets, runs, start_moments)
    obj_report = objective(targets, {r["target"]: r["simulated"] for _, r in table.iterrows()})
    obj_start = objective(targets, start_moments)
    start_table, med_start, _ = error_table(targets, runs_start, {})

    mo, n_morris = morris(evaluator, targets, morris_trajectories) if morris_trajectories > 0 else ({}, 0)
    cycle_end = max(evaluator.end_year, 2025)
    base = SE._base_scenario(evaluator.scenario, cycle_end)
    tech_table = {2018: values["demand.technical_demand_growth_per_year"], 2020: base.at("demand.technical_demand_growth_per_year", 2020), **DOWNTURN}
    other_table = {2018: base.at("demand.other_demand_growth_per_year", 2018), 2020: base.at("demand.other_demand_growth_per_year", 2020), **DOWNTURN}
    runs_cycle = _runs(evaluator, values, report_seeds[:max(2, min(4, len(report_seeds)))], cycle_end,
                       extra={"demand": {"technical_demand_growth_per_year": tech_table,
                                         "other_demand_growth_per_year": other_table}}, name="downturn")
    slope, corr, bev = beveridge(runs_cycle)

    _plot_fit(out_dir, table)
    _plot_series(out_dir, runs, targets)
    _plot_trace(out_dir, evaluator.history)
    if mo:
        _plot_morris(out_dir, mo, targets)
    _plot_beveridge(out_dir, bev, slope)
    dur = _plot_duration(out_dir, runs)

    md = _markdown(table, med_fitted, med_all, (obj_report, obj_start, med_start), best, start, start_moments, targets, targets_file, mo,
                   n_morris, morris_trajectories, slope, corr, dur, run_meta, report_seeds, evaluator)
    (out_dir / "report.md").write_text(md)
    table.to_csv(out_dir / "errors.csv", index=False)
    return {"median_rel_error": med_fitted, "median_rel_error_all": med_all, "table": table,
            "beveridge_slope": slope, "objective_report": obj_report, "objective_report_start": obj_start,
            "median_rel_error_start": med_start}


def _plot_fit(out_dir, table):
    t = table[table.z.notna()]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(t) + 1.5), constrained_layout=True)
    y = np.arange(len(t))
    z_start = (t.start - t.observed) / t.error
    ax.barh(y + 0.2, z_start, height=0.4, color="#bbbbbb", label="start values")
    ax.barh(y - 0.2, t.z, height=0.4, color="#2c7fb8", label="calibrated (mean over seeds)")
    ax.errorbar(((t.low + t.high) / 2 - t.observed) / t.error, y - 0.2, xerr=(t.high - t.low) / 2 / t.error,
                fmt="none", ecolor="k", lw=1, label="5-95% over seeds")
    ax.axvline(0, color="k", lw=0.8)
    for s in (-1, 1):
        ax.axvline(s, color="k", lw=0.6, ls=":")
    ax.set_yticks(y, [f"{n}{'' if w > 0 else ' (not fitted)'}" for n, w in zip(t.target, t.weight)])
    ax.set_xlabel("(simulated - observed) / measurement error")
    ax.set_xlim(-8, 8)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Targets: standardised error")
    fig.savefig(out_dir / "fit_targets.png", dpi=110)
    plt.close(fig)


def _plot_series(out_dir, runs, targets):
    frames = [_frame(r) for r in runs]
    tv = {t.name: t for t in targets}
    panels = [("unemployment_rate", "unemployment rate (%)", [("unemployment_rate_start", "2018-02-14"), ("unemployment_rate_2018", "2018-07-01")]),
              ("employed", "employed", [("employed_2019", "2019-07-01")]),
              ("open_vacancies", "open vacancies", [("open_vacancies_start", "2018-02-14")]),
              ("flow_job_to_job", "job-to-job moves per month", [])]
    fig, axes = plt.subplots(1, 4, figsize=(17, 3.8), constrained_layout=True)
    labelled = False
    for ax, (ind, label, marks) in zip(axes, panels):
        data = pd.concat([f[ind] for f in frames], axis=1)
        ax.fill_between(data.index, data.min(axis=1), data.max(axis=1), alpha=0.3, label=f"range over {len(frames)} seeds")
        ax.plot(data.index, data.mean(axis=1), lw=1.5, label="mean")
        for name, when in marks:
            if name in tv:
                t = tv[name]
                ax.errorbar([pd.Timestamp(when)], [t.value], yerr=[t.error], fmt="o", color="#d95f02", capsize=3,
                            label=None if labelled else "target ± error")
                labelled = True
        ax.set_title(label)
        ax.tick_params(axis="x", rotation=30)
        ax.legend(fontsize=7) if ax is axes[0] else None
    fig.savefig(out_dir / "fit_series.png", dpi=110)
    plt.close(fig)


def _plot_trace(out_dir, history):
    obj = np.array([h["objective"] for h in history], float)
    fig, ax = plt.subplots(figsize=(6, 3.2), constrained_layout=True)
    colors = {"lhs": "#7570b3", "nelder-mead": "#1b9e77"}
    for stage, c in colors.items():
        idx = [i for i, h in enumerate(history) if h["stage"] == stage]
        ax.scatter(idx, obj[idx], s=10, color=c, label=stage)
    ax.plot(np.minimum.accumulate(np.where(np.isfinite(obj), obj, np.inf)), color="k", lw=1, label="best so far")
    ax.set_yscale("log")
    ax.set_xlabel("evaluation")
    ax.set_ylabel("objective")
    ax.legend(fontsize=8)
    fig.savefig(out_dir / "search_trace.png", dpi=110)
    plt.close(fig)


def _scaled_mu(mo, targets):
    err = {t.name: t.error for t in targets}
    names = [f.key for f in SE.FITTED]
    cols = list(mo)
    return pd.DataFrame({c: [mo[c]["mu_star"][n] / err[c] for n in names] for c in cols}, index=names), \
        pd.DataFrame({c: [mo[c]["sigma"][n] / err[c] for n in names] for c in cols}, index=names)


def _plot_morris(out_dir, mo, targets):
    mu, _ = _scaled_mu(mo, targets)
    fig, ax = plt.subplots(figsize=(1.0 * len(mu.columns) + 4, 0.5 * len(mu) + 2.5), constrained_layout=True)
    im = ax.imshow(np.log10(np.maximum(mu.values, 1e-2)), cmap="viridis", vmin=-2, vmax=1.5, aspect="auto")
    ax.set_xticks(range(len(mu.columns)), mu.columns, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(mu)), [_short(k) for k in mu.index], fontsize=8)
    for i in range(mu.shape[0]):
        for j in range(mu.shape[1]):
            ax.text(j, i, f"{mu.values[i, j]:.1f}", ha="center", va="center", fontsize=7, color="w")
    fig.colorbar(im, label="log10(mu* / measurement error)")
    ax.set_title("Morris mu* (effect across the calibration range) / measurement error")
    fig.savefig(out_dir / "morris.png", dpi=110)
    plt.close(fig)


def _plot_beveridge(out_dir, bev, slope):
    fig, ax = plt.subplots(figsize=(5.5, 4.5), constrained_layout=True)
    for seed, g in bev.groupby("seed"):
        sc = ax.scatter(g.u, g.v, c=g.index.year + g.index.month / 12, cmap="plasma", s=8)
        ax.plot(g.u, g.v, lw=0.4, color="grey")
    fig.colorbar(sc, label="year")
    ax.set_xlabel("unemployment rate (%)")
    ax.set_ylabel("vacancy rate (% of jobs + vacancies)")
    ax.set_title(f"Beveridge curve, downturn 2021-2022 (OLS slope {slope:+.2f})")
    fig.savefig(out_dir / "beveridge.png", dpi=110)
    plt.close(fig)


def _plot_duration(out_dir, runs) -> dict:
    hazards = []
    for r in runs:
        f = _frame(r)
        h = (f["flow_u_to_e"] / f["unemployed"].shift(1)).loc["2018-02":"2019-12"].dropna()
        hazards.append(h)
    h = pd.concat(hazards)
    d = np.arange(0, 37)
    surv = np.array([(1 - hh) ** d for hh in h.values])
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6), constrained_layout=True)
    axes[0].hist(1 / h.values, bins=20, color="#66a61e")
    axes[0].set_xlabel("implied mean months to a job, 1/f (each month x seed)")
    axes[0].set_title("monthly U-to-E hazard f, 2018-2019")
    axes[1].fill_between(d, np.percentile(surv, 5, axis=0), np.percentile(surv, 95, axis=0), alpha=0.3)
    axes[1].plot(d, np.median(surv, axis=0))
    axes[1].set_xlabel("months unemployed")
    axes[1].set_ylabel("share not yet in a job")
    axes[1].set_title("constant-hazard survival (exits to inactivity ignored)")
    fig.savefig(out_dir / "duration.png", dpi=110)
    plt.close(fig)
    f_med = float(h.median())
    return {"hazard_median": f_med, "hazard_p5": float(h.quantile(0.05)), "hazard_p95": float(h.quantile(0.95)),
            "mean_months": 1 / f_med, "share_12m": float((1 - f_med) ** 12)}


def _markdown(table, med_fitted, med_all, objs, best, start, start_moments, targets, targets_file, mo,
              n_morris, trajectories, slope, corr, dur, run_meta, report_seeds, evaluator) -> str:
    L = ["# Calibration report", "",
         "Written by `skillsim calibrate` (skillsim/calibration/report.py). Method, targets and limits: "
         "docs/calibration.md. Targets: `" + targets_file + "`.", "",
         "## The run", ""]
    L += [f"- {k}: {v}" for k, v in run_meta.items()]
    obj_report, obj_start, med_start = objs
    L += [f"- report runs: seeds {report_seeds[0]}-{report_seeds[-1]} ({len(report_seeds)} seeds, none of them used in "
          f"the search) at the calibrated and at the start values; objective over these seeds: calibrated "
          f"{obj_report:.3g}, start {obj_start:.3g}", ""]
    L += ["## Fit: every target against its simulated value", "",
          f"**Median relative error over the fitted targets: {100 * med_fitted:.1f}%** "
          f"(over every target with a simulated value: {100 * med_all:.1f}%; with the start values: "
          f"{100 * med_start:.1f}%).", "",
          *([f"Note: the search lowers the objective (weighted squared errors in units of each target's measurement "
             f"error: {obj_start:.3g} -> {obj_report:.3g} on these seeds) but the median *relative* error rose "
             f"({100 * med_start:.1f}% -> {100 * med_fitted:.1f}%): it trades small relative misses on tightly measured "
             "targets for large ones on loosely measured targets (shortfall, derived 2018 rate). The two measures "
             "answer different questions; the objective is the one the method optimises.", ""]
            if med_fitted > med_start else []),
          "simulated = mean over the report seeds at the calibrated values; band = 5th-95th percentile over those seeds; "
          "z = (simulated - observed) / error; start = the base scenario's values, same seeds. The report seeds are "
          "held out: the search never saw them, so noise the search fitted does not flatter this table.", "",
          "| target | observed | error | weight | start | simulated | band over seeds | z | rel. error |",
          "|---|---:|---:|---:|---:|---:|---|---:|---:|"]
    for _, r in table.iterrows():
        L.append(f"| {r.target} ({r.unit}) | {_fmt(r.observed)} | {_fmt(r.error)} | {r.weight:g} | {_fmt(r.start)} | "
                 f"{_fmt(r.simulated)} | {_fmt(r.low)} - {_fmt(r.high)} | {_fmt(r.z)} | "
                 f"{'n/a' if not np.isfinite(r.rel_error) else f'{100 * r.rel_error:.1f}%'} |")
    L += ["", "![standardised errors](fit_targets.png)", "", "![series with targets](fit_series.png)", ""]
    misses = table[(table.weight > 0) & (table.z.abs() > 2)]
    if len(misses):
        L += ["Targets missed by more than two measurement errors: " +
              ", ".join(f"`{r.target}` (z = {r.z:+.1f})" for _, r in misses.iterrows()) +
              ". The Morris table shows whether any fitted parameter can move them; where none can, the model's "
              "structure or its fixed inputs decide the value, or targets pull against each other.", ""]
    L += ["## Fitted parameters", "",
          "| parameter | unit | start | fitted | calibration bounds | declared range |", "|---|---|---:|---:|---|---|"]
    for f in SE.FITTED:
        p = P.BY_KEY[f.key]
        L.append(f"| `{f.key}` | {p.unit} | {start[f.key]:.4g} | {best['values'][f.key]:.4g} | [{f.low:g}, {f.high:g}] | [{p.low:g}, {p.high:g}] |")
    L += ["", "![search trace](search_trace.png)", ""]
    L += ["## Which parameters the targets pin down (Morris screening)", ""]
    if mo:
        mu, sig = _scaled_mu(mo, targets)
        L += [f"Morris elementary effects (SALib, {trajectories} trajectories, 4 levels, {n_morris} points, "
              f"each averaged over {len(evaluator.seeds)} seeds) over the calibration bounds. Cells: mu* / sigma, "
              "both divided by the target's measurement error. SALib scales elementary effects to the normalised "
              "range, so mu*/error = 1 means moving the parameter across its whole calibration range shifts the "
              "target by about one measurement error. Seed noise is in these numbers too: compare with the "
              "`seed_sd / error` row.", ""]
        cols = list(mu.columns)
        L.append("| parameter | " + " | ".join(cols) + " | verdict |")
        L.append("|---|" + "---:|" * len(cols) + "---|")
        fitted_cols = [t.name for t in targets if t.weight > 0 and t.name in cols]
        err = {t.name: t.error for t in targets}
        noise = {r.target: r.seed_sd / err[r.target] for _, r in table.iterrows() if r.target in cols}
        rank = {c: list(mu[c].sort_values(ascending=False).index) for c in fitted_cols}
        for k in mu.index:
            drives = [c for c in fitted_cols if k in rank[c][:2] and mu.loc[k, c] >= 1
                      and mu.loc[k, c] > 2 * (noise.get(c) or 0)]
            top = mu.loc[k, fitted_cols].max() if fitted_cols else 0
            verdict = ("pinned: a main driver of " + ", ".join(drives)) if drives else (
                "not pinned on its own: moves targets (max mu*/error %.1f) but is never among their two main drivers" % top
                if top >= 1 else "not pinned down (max mu*/error %.2f)" % top)
            L.append(f"| `{_short(k)}` | " + " | ".join(f"{mu.loc[k, c]:.2f} / {sig.loc[k, c]:.2f}" for c in cols) + f" | {verdict} |")
        L.append("| seed_sd / error | " + " | ".join(f"{noise.get(c, math.nan):.2f}" for c in cols) + " | |")
        signed = pd.DataFrame({c: [mo[c]["mu"][n] / err[c] for n in mu.index] for c in fitted_cols}, index=mu.index)
        norm = np.linalg.norm(signed.values, axis=1)
        pairs = []
        for i in range(len(mu.index)):
            for j in range(i + 1, len(mu.index)):
                if norm[i] > 0 and norm[j] > 0:
                    cos = float(signed.values[i] @ signed.values[j] / (norm[i] * norm[j]))
                    if abs(cos) >= 0.9:
                        pairs.append(f"`{_short(mu.index[i])}` and `{_short(mu.index[j])}` (cosine {cos:+.2f})")
        idle = [c for c in fitted_cols if mu[c].max() < 1]
        L += ["", "Targets that no fitted parameter moves by one measurement error across its whole range (so they "
              "test the model's fixed inputs and structure, not the fit): " +
              (", ".join(f"`{c}` (max mu*/error {mu[c].max():.2f})" for c in idle) if idle else "none") + "."]
        L += ["", "Trade-offs: parameters whose signed effects (Morris mu / error) on the fitted targets point the "
              "same way (|cosine| >= 0.9) can compensate each other, so the targets fix a combination of them, "
              "not each one: " + ("; ".join(pairs) if pairs else "none at this threshold") + "."]
        L += ["", "A parameter is *pinned* when it is one of the two main drivers of a fitted target (largest mu*), "
              "with mu*/error at least 1 and more than twice that target's seed noise; sigma close to or above mu* means the effect depends on the other "
              "parameters (interactions or non-linearity).", "", "![Morris](morris.png)", ""]
    else:
        L += ["Morris screening was switched off for this run (--morris-trajectories 0).", ""]
    L += ["## Stylised facts", "", "### Beveridge curve", "",
          f"The calibrated scenario run to 2025 with demand growth {DOWNTURN[2021]:+.0%} a year in 2021-2022 and "
          f"{DOWNTURN[2023]:+.0%} from 2023 (technical and other demand), monthly, 2019 on, pooled over seeds. "
          f"OLS slope of the vacancy rate on the unemployment rate: **{slope:+.2f}** (correlation {corr:+.2f}); "
          f"{'negative, as a Beveridge curve should be' if slope < 0 else 'NOT negative: the model does not produce a Beveridge curve in this downturn'}.",
          "", "![Beveridge curve](beveridge.png)", "",
          "### Unemployment duration", "",
          "The tidy table has no duration indicator, so the duration distribution is not shown directly. Shown instead: "
          "the monthly U-to-E hazard f = flow_u_to_e / unemployed(t-1), 2018-2019, over months and seeds, and the "
          "survival curve it implies if f were constant. The model's own hazard falls with duration "
          "(matching.search_decay_per_year_unemployed), so the true distribution has a longer tail than this curve.", "",
          f"- median monthly hazard {dur['hazard_median']:.3f} (5-95%: {dur['hazard_p5']:.3f}-{dur['hazard_p95']:.3f}); "
          f"implied mean time to a job {dur['mean_months']:.1f} months",
          f"- share still without a job after 12 months at constant hazard: {100 * dur['share_12m']:.1f}% "
          "(no CBS share of long-term unemployed is in the snapshot to compare with)", "",
          "![duration](duration.png)", "",
          "## MBO technical enrolment (DUO): an input, not a target", "",
          "The tidy table counts everyone in initial education (`in_education`), not technical MBO students, and the "
          "technical MBO share is an input taken from this DUO file (`education.technical_share_mbo` = "
          f"{P.BY_KEY['education.technical_share_mbo'].default}). The DUO shares, for comparison:", "",
          "| year (1 Oct) | technical students, NH institutions | all MBO students | technical share |", "|---|---:|---:|---:|"]
    for y, r in duo_shares().iterrows():
        L.append(f"| {y} | {r.technical:,.0f} | {r['all']:,.0f} | {100 * r.share:.1f}% |")
    L += ["", "## How far to trust this", "",
          "- Flow targets are national and from 2022-2024, levels and rates for Noord-Holland are from different CBS "
          "tables (never combined as levels); see the sources in calibration/targets.toml.",
          "- The search is small (see budget) and noisy at this scale; the Nelder-Mead stage uses common random "
          "numbers, so it optimises the fit for those seeds; the report's seeds are held out, so the fit table shows "
          "how the fit carries over to new randomness.",
          "- Parameters the Morris table marks as not pinned down keep values the targets do not test: treat "
          "results that depend on them as assumptions.", ""]
    return "\n".join(L)
