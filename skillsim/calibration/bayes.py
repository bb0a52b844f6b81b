"""Bayesian calibration: a posterior sample of the fitted parameters instead of one point.

Two methods, both over the parameters of search.FITTED (or a subset) with a uniform prior
on the calibration bounds, against the targets of calibration/targets.toml that are not
held out (docs/calibration.md compares them on a small problem):

- ``history-matching`` (the default; scikit-learn only): Bayesian emulation in waves
  (Craig et al. 1997; Vernon et al. 2010). Each wave runs the model at a design of points,
  fits one Gaussian-process emulator per fitted target (RBF kernel plus a white-noise
  term for the seed noise), and rules out the points whose implausibility
  I = |obs - E[f]| / sqrt(var_emulator + error^2) exceeds 3 for any target; the next
  wave's points are drawn from what is left (not ruled out yet, NROY). The posterior is
  then the prior times a Gaussian likelihood evaluated on the last wave's emulators,
  sampled by importance resampling of a large Latin-hypercube sample of the NROY space.
- ``abc-smc`` (optional extra ``bayes``: pyabc): approximate Bayesian computation with
  sequential Monte Carlo (Toni et al. 2009), distance = root of the sum of squared
  standardised errors ((sim - obs) / error)^2 over the fitted targets.

A target's ``error`` (calibration/targets.toml) is the standard deviation of the
observation plus model discrepancy in the likelihood. Every model run is one (vector,
seed) run of search.run_one; history matching keeps them in the same resumable
evaluations log as the method of moments.

Posterior predictive check: the model is run at posterior draws with seeds not used in
the fit; for every target (fitted and held out) the 90% predictive interval is the 5th to
95th percentile of the simulated moment plus an observation error drawn from N(0, error);
coverage = share of held-out targets whose observed value lies inside.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import qmc

from skillsim.calibration import search as SE
from skillsim.calibration.targets import Target

METHODS = ("history-matching", "abc-smc")
IMPLAUSIBILITY_CUT = 3.0     # Pukelsheim's three-sigma rule, the usual cut-off in history matching
CANDIDATES = 20_000          # Latin-hypercube points on which the emulators are evaluated
REFILL_ROUNDS = 8            # after the last wave: refills of the NROY box until CANDIDATES points remain
PREDICTIVE_LOW, PREDICTIVE_HIGH = 0.05, 0.95   # the 90% predictive interval
RNG_SEED = 20190101          # the method's own random stream (design, resampling, predictive noise)

# Parameters no target up to 2019 can inform, carried in posterior.csv as draws from their
# declared plausible range (prior = posterior), so that `compare --ensemble posterior:N`
# propagates their uncertainty too. The levers' deadweight shares (issue 15): a deadweight
# participant is taken from the month's background trainees, so it changes only how many
# people train in all, and no target counts trainees. The sector plan (2016-2018), House of
# Skills (2018-2021) and the lifelong-learning pilots (2018-2019) do run in the calibration
# window; the learning account (2022-2030, off in the baseline) starts after it.
PRIOR_ONLY = (
    "sector_plan.deadweight_share",
    "house_of_skills.deadweight_share",
    "lifelong_learning.deadweight_share",
    "learning_account.deadweight_share",
)
POINTS = ("median", "map")   # the baseline's point of the posterior (docs/calibration.md)


@dataclass
class Result:
    method: str
    free: list[SE.Fitted]
    posterior: pd.DataFrame                 # one row per draw, one column per free parameter key
    runs: int                               # model runs the method needed
    wall_s: float
    info: dict = field(default_factory=dict)


def split_targets(targets: list[Target], hold_out: list[str]) -> tuple[list[Target], list[Target]]:
    """(fitted, held out): held out = the names in hold_out; fitted = the rest with weight > 0."""
    held = [t for t in targets if t.name in hold_out]
    fit = [t for t in targets if t.weight > 0 and t.name not in hold_out]
    return fit, held


def _unit_to(free: list[SE.Fitted], x: np.ndarray) -> np.ndarray:
    """Unit coordinates -> parameter values; an integer parameter is rounded to the integer
    the model runs (SE.as_kind), so the posterior holds the values that were simulated."""
    lo = np.array([f.low for f in free])
    hi = np.array([f.high for f in free])
    out = lo + np.clip(x, 0, 1) * (hi - lo)
    ints = [j for j, f in enumerate(free) if SE.is_int(f.key)]
    out[..., ints] = np.round(out[..., ints])
    return out


def _values(free: list[SE.Fitted], row, start: dict[str, float]) -> dict[str, float]:
    """A full FITTED value dict: the free parameters from row, the others at start."""
    out = dict(start)
    for f, v in zip(free, row):
        out[f.key] = SE.as_kind(f.key, float(round(float(v), 10)))
    return out


def prior_draws(n: int, keys=PRIOR_ONLY, seed: int = RNG_SEED + 7) -> pd.DataFrame:
    """n independent uniform draws of each key over its declared plausible range (a Latin
    hypercube, so the draws spread evenly): the columns of parameters the targets cannot inform."""
    from skillsim.model import parameters as P

    u = qmc.LatinHypercube(d=len(keys), seed=seed).random(n)
    cols = {}
    for j, key in enumerate(keys):
        lo, hi = P.BY_KEY[key].plausible
        cols[key] = np.round(lo + u[:, j] * (hi - lo), 8)
    return pd.DataFrame(cols)


def _moment_matrix(per_point: list[list[dict]], fit: list[Target]) -> np.ndarray:
    """points x targets: the seed-mean of each fitted target's moment."""
    return np.array([[np.nanmean([m[t.name] for m in seeds]) for t in fit] for seeds in per_point])


# ----------------------------------------------------------------- history matching
def _fit_emulators(X: np.ndarray, Y: np.ndarray):
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import ConstantKernel, RBF, WhiteKernel

    ems = []
    for j in range(Y.shape[1]):
        y = Y[:, j]
        ok = np.isfinite(y)
        mu, sd = float(y[ok].mean()), float(y[ok].std()) or 1.0
        kernel = ConstantKernel(1.0, (1e-2, 1e2)) * RBF(np.full(X.shape[1], 0.3), (1e-2, 10.0)) \
            + WhiteKernel(0.05, (1e-6, 1.0))
        gp = GaussianProcessRegressor(kernel, normalize_y=False, n_restarts_optimizer=2, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence warnings at bounds are expected with few points
            gp.fit(X[ok], (y[ok] - mu) / sd)
        ems.append((gp, mu, sd))
    return ems


def _predict(ems, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Emulator mean and variance (the white-noise part, i.e. the seed noise, left out)."""
    means, vars_ = [], []
    for gp, mu, sd in ems:
        m, s = gp.predict(X, return_std=True)
        noise = gp.kernel_.k2.noise_level
        means.append(mu + sd * m)
        vars_.append(sd ** 2 * np.maximum(s ** 2 - noise, 1e-12))
    return np.array(means).T, np.array(vars_).T


def history_matching(evaluator: SE.Evaluator, fit: list[Target], free: list[SE.Fitted], start: dict,
                     waves: int = 2, points_per_wave: int = 30, draws: int = 500, progress=None) -> Result:
    t0 = time.time()
    rng = np.random.default_rng(RNG_SEED)
    d = len(free)
    obs = np.array([t.value for t in fit])
    err = np.array([t.error for t in fit])
    X = np.zeros((0, d))
    Y = np.zeros((0, len(fit)))
    nroy_share = []
    candidates = qmc.LatinHypercube(d=d, seed=RNG_SEED).random(CANDIDATES)
    design = qmc.LatinHypercube(d=d, seed=RNG_SEED + 1).random(points_per_wave)
    runs0 = evaluator.log.new + evaluator.log.reused
    for wave in range(waves):
        points = [_values(free, _unit_to(free, x), start) for x in design]
        Y_new = _moment_matrix(evaluator.per_seed(points, f"hm-wave{wave + 1}"), fit)
        X, Y = np.vstack([X, design]), np.vstack([Y, Y_new])
        ems = _fit_emulators(X, Y)
        mean, var = _predict(ems, candidates)
        imp = np.abs(obs - mean) / np.sqrt(var + err ** 2)
        keep = imp.max(axis=1) < IMPLAUSIBILITY_CUT
        if keep.sum() < max(points_per_wave, 50):   # nothing (or too little) left: keep the most plausible
            keep = np.zeros(len(candidates), bool)
            keep[np.argsort(imp.max(axis=1))[:max(points_per_wave, 50) * 4]] = True
        nroy_share.append(float(keep.mean()))
        candidates = candidates[keep]
        if wave + 1 < waves:
            pick = rng.choice(len(candidates), size=min(points_per_wave, len(candidates)), replace=False)
            design = candidates[pick]
        # refill the candidate cloud inside the NROY box (uniform there, as the points kept
        # are, so the cloud stays a uniform sample of the space not ruled out): the next wave
        # draws its design from it, and after the last wave the posterior's importance
        # resampling has enough points (with many targets the NROY space is small: the final
        # wave of a 19-parameter fit kept 2,234 of 20,000, an effective sample of 35)
        for r in range(REFILL_ROUNDS if wave + 1 == waves else 1):
            if len(candidates) >= CANDIDATES:
                break
            lo, hi = candidates.min(axis=0), candidates.max(axis=0)
            extra = lo + qmc.LatinHypercube(d=d, seed=RNG_SEED + 2 + wave + 100 * r).random(CANDIDATES) * (hi - lo)
            m2, v2 = _predict(ems, extra)
            i2 = (np.abs(obs - m2) / np.sqrt(v2 + err ** 2)).max(axis=1)
            candidates = np.vstack([candidates, extra[i2 < IMPLAUSIBILITY_CUT]])
    # posterior: uniform prior x Gaussian likelihood on the emulators, by importance resampling
    mean, var = _predict(ems, candidates)
    total_var = var + err ** 2
    logw = -0.5 * (((obs - mean) ** 2) / total_var + np.log(total_var)).sum(axis=1)
    w = np.exp(logw - logw.max())
    w /= w.sum()
    ess = float(1.0 / (w ** 2).sum())
    idx = rng.choice(len(candidates), size=draws, replace=True, p=w)
    post = pd.DataFrame(_unit_to(free, candidates[idx]), columns=[f.key for f in free])
    # MAP: with a uniform prior, the draw of highest posterior density is the draw of highest
    # likelihood on the emulators
    best = idx[int(np.argmax(logw[idx]))]
    map_point = {f.key: float(v) for f, v in zip(free, _unit_to(free, candidates[best]))}
    runs = evaluator.log.new + evaluator.log.reused - runs0
    return Result("history-matching", free, post, runs, time.time() - t0,
                  {"waves": waves, "points_per_wave": points_per_wave, "nroy_share_per_wave": nroy_share,
                   "importance_ess": round(ess, 1), "candidates_final": int(len(candidates)),
                   "map_log_likelihood": round(float(logw[best]), 3), "map": map_point})


# ----------------------------------------------------------------- ABC-SMC (pyabc)
def pyabc_available() -> bool:
    try:
        import pyabc  # noqa: F401
    except ImportError:
        return False
    return True


class _AbcModel:
    """A picklable model function for pyabc: parameters -> fitted moments (one run, a seed
    derived from the parameter vector, so a point always gives the same run)."""

    def __init__(self, scenario, end_year, scale, free, start, fit):
        self.scenario, self.end_year, self.scale = scenario, end_year, scale
        self.free, self.start, self.fit = free, start, fit

    def __call__(self, par) -> dict:
        values = _values(self.free, [par[f.key.replace(".", "__")] for f in self.free], self.start)
        vh = SE.vector_hash(values)
        seed = int(vh[:6], 16) % 10_000
        rec = SE.run_one({"key": vh, "vhash": vh, "seed": seed, "values": values, "stage": "abc",
                          "scenario": self.scenario, "end_year": self.end_year, "scale": self.scale})
        return {t.name: rec["moments"][t.name] for t in self.fit}


def abc_smc(scenario: str, end_year: int, scale: float, fit: list[Target], free: list[SE.Fitted], start: dict,
            population: int = 30, max_runs: int = 300, workers: int = 2, db_path=None, draws: int = 500) -> Result:
    if not pyabc_available():
        from skillsim.errors import UserError

        raise UserError("--method abc-smc needs pyabc; allowed: install the optional extra "
                        "(pip install -e '.[bayes]') or use --method history-matching")
    import pyabc

    t0 = time.time()
    prior = pyabc.Distribution(**{f.key.replace(".", "__"): pyabc.RV("uniform", f.low, f.high - f.low) for f in free})
    obs = {t.name: t.value for t in fit}
    err = {t.name: t.error for t in fit}

    def distance(x, y):
        s = 0.0
        for k in obs:
            v = x.get(k, math.nan)
            if not np.isfinite(v):
                return math.inf
            s += ((v - y[k]) / err[k]) ** 2
        return math.sqrt(s)

    sampler = pyabc.sampler.MulticoreEvalParallelSampler(n_procs=workers) if workers > 1 \
        else pyabc.sampler.SingleCoreSampler()
    abc = pyabc.ABCSMC(_AbcModel(scenario, end_year, scale, free, start, fit), prior, distance,
                       population_size=population, sampler=sampler)
    abc.new(f"sqlite:///{db_path}", obs)
    history = abc.run(max_total_nr_simulations=max_runs, minimum_epsilon=0.5)
    df, w = history.get_distribution(m=0, t=history.max_t)
    rng = np.random.default_rng(RNG_SEED)
    w = np.asarray(w, float) / np.sum(w)
    idx = rng.choice(len(df), size=draws, replace=True, p=w)
    post = pd.DataFrame({f.key: df[f.key.replace(".", "__")].to_numpy()[idx] for f in free})
    for f in free:
        if SE.is_int(f.key):
            post[f.key] = post[f.key].round()
    # MAP stand-in: ABC has no density; the accepted particle closest to the data (smallest
    # distance) of the last generation is the draw of highest (approximate) likelihood
    last = history.get_population(t=history.max_t).particles
    closest = min(last, key=lambda p: p.distance)
    map_point = {f.key: SE.as_kind(f.key, float(closest.parameter[f.key.replace(".", "__")])) for f in free}
    pops = history.get_all_populations()
    runs = int(history.total_nr_simulations)
    return Result("abc-smc", free, post, runs, time.time() - t0,
                  {"generations": int(history.max_t) + 1, "population": population,
                   "final_epsilon": float(pops["epsilon"].iloc[-1]),
                   "runs_before_last_generation": runs - int(pops["samples"].iloc[-1]),
                   "importance_ess": round(float(1.0 / (w ** 2).sum()), 1),
                   "map_distance": round(float(closest.distance), 3), "map": map_point})


# ----------------------------------------------------------------- predictive check
def predictive(evaluator: SE.Evaluator, result: Result, start: dict, targets: list[Target], held: list[Target],
               n_draws: int = 20, seed0: int = 1000, fit: list[Target] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the model at n_draws posterior draws (seed seed0 + i for draw i: seeds the fit did
    not use). Returns (per-draw moments, per-target interval table with coverage flags)."""
    from skillsim.calibration.report import run_series

    rng = np.random.default_rng(RNG_SEED + 99)
    rows = result.posterior.sample(n=min(n_draws, len(result.posterior)), random_state=RNG_SEED, replace=False)
    tasks = [{"scenario": evaluator.scenario, "end_year": evaluator.end_year,
              "values": _values(result.free, row.to_numpy(), start), "seed": seed0 + i, "scale": evaluator.scale,
              "name": "posterior-predictive"} for i, (_, row) in enumerate(rows.iterrows())]
    mapper = evaluator.pool.map if evaluator.pool else map
    recs = list(mapper(run_series, tasks))
    sims = pd.DataFrame([{"draw": i, **r["moments"]} for i, r in enumerate(recs)])
    held_names = {t.name for t in held}
    # fitted = the targets the method fitted (--fit may name one of weight 0, e.g. unemployment_rate_start)
    fit_names = {t.name for t in fit} if fit is not None else {t.name for t in targets if t.weight > 0}
    out = []
    for t in targets:
        v = sims[t.name].to_numpy(float) if t.name in sims else np.array([math.nan])
        v = v[np.isfinite(v)]
        if not len(v):
            continue
        noisy = v[:, None] + rng.normal(0.0, t.error, size=(len(v), 200))
        lo, hi = np.quantile(noisy, [PREDICTIVE_LOW, PREDICTIVE_HIGH])
        mlo, mhi = np.quantile(v, [PREDICTIVE_LOW, PREDICTIVE_HIGH])
        out.append({"target": t.name, "role": "held out" if t.name in held_names else ("fitted" if t.name in fit_names else "not fitted"),
                    "observed": t.value, "error": t.error, "sim_median": float(np.median(v)),
                    "model_low": float(mlo), "model_high": float(mhi),
                    "predictive_low": float(lo), "predictive_high": float(hi),
                    "inside_90": bool(lo <= t.value <= hi)})
    return sims, pd.DataFrame(out)


def coverage(table: pd.DataFrame, role: str) -> tuple[int, int]:
    part = table[table.role == role]
    return int(part.inside_90.sum()), int(len(part))


def marginals_plot(result: Result, path, lang: str = "en") -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    k = len(result.free)
    cols = min(k, 4)
    rows = math.ceil(k / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows), squeeze=False)
    for ax, f in zip(axes.flat, result.free):
        ax.hist(result.posterior[f.key], bins=25, range=(f.low, f.high), density=True, color="#3a6ea5", alpha=0.8,
                label="posterior")
        ax.axhline(1.0 / (f.high - f.low), color="grey", ls="--", lw=1, label="prior (uniform)")
        ax.axvline(float(result.posterior[f.key].median()), color="black", lw=1, label="median")
        ax.set_title(f.key.split(".")[1], fontsize=8)
        ax.set_xlim(f.low, f.high)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[k:]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=6)
    fig.suptitle(f"Posterior marginals ({result.method}, {len(result.posterior)} draws, {result.runs} model runs)",
                 fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
