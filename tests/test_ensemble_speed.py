"""The speed-ups of an ensemble comparison give the same tables as the plain runs
(issue 16, speed): the rows a comparison builds (tidy's keep), demand paths sharing
their months before from_year (simulate_branches, group_tasks), and summarising only
the rows the summary reads (summary_rows)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import BASELINE, ROOT
from skillsim.compare import ensemble as EN, execute as X, uncertainty as U
from skillsim.compare.summary import per_seed, summarise
from skillsim.model.model import SkillsimModel
from skillsim.model.results import tidy
from skillsim.model.simulate import simulate, simulate_branches
from skillsim.runs import load

PACKAGE = ROOT / "scenarios" / "package.toml"
PATHS = ROOT / "calibration" / "demand_paths.toml"
TEXT = ("scenario", "region", "occupation_group", "indicator", "unit")


def _short(tmp_path, base=BASELINE, end_year=2022):
    path = tmp_path / f"short-{base.stem}.toml"
    path.write_text(f'name = "short-{base.stem}"\nbase = "{base}"\n[run]\nend_year = {end_year}\n')
    return load(path)


def _plain_run_one(task):
    """run_one as it was before the speed-ups: the full tidy table, then the rows kept."""
    scenario, label, seed, scale = task[:4]
    member = task[4] if len(task) > 4 else None
    table = simulate(scenario, seed=seed, scale=scale)
    # the full table filtered afterwards by the same rule (execute.keep_row), one key at a time
    keys = list(zip(table["region"].astype(str), table["occupation_group"].astype(str), table["indicator"].astype(str)))
    rule = {k: X.keep_row(*k) for k in set(keys)}
    out = table.loc[[rule[k] for k in keys]].copy()
    for col in TEXT:
        out[col] = out[col].astype(str)
    out["scenario"] = label
    out["member"] = member.member if member is not None else seed
    out["parameter_draw"] = member.parameter_draw if member is not None else -1
    out["demand_path"] = member.demand_path if member is not None else ""
    return out.reset_index(drop=True)


def test_tidy_keep_gives_exactly_the_kept_rows_of_the_full_table():
    model = SkillsimModel(load(BASELINE), seed=3, scale=0.003)
    model.run()
    full = tidy(model)
    some = tidy(model, keep=X.keep_row)
    mask = full.apply(lambda r: X.keep_row(r.region, r.occupation_group, r.indicator), axis=1)
    expected = full[mask].reset_index(drop=True)
    assert 0 < len(some) < len(full)
    pd.testing.assert_frame_equal(some.astype({c: str for c in TEXT}), expected.astype({c: str for c in TEXT}),
                                  check_exact=True)
    # the full table's text columns are categoricals with sorted categories, as before
    assert list(full["indicator"].cat.categories) == sorted(set(full["indicator"].astype(str)))


def test_first_difference_year_finds_the_demand_paths_year(tmp_path):
    paths = EN.load_demand_paths(PATHS)
    base = _short(tmp_path)
    central = EN.apply(base, EN.Member(0, EN.NO_DRAW, "central", 0), None, [], paths)
    high = EN.apply(base, EN.Member(1, EN.NO_DRAW, "high", 0), None, [], paths)
    assert EN.first_difference_year(central, central) is None
    assert EN.first_difference_year(central, high) == paths.from_year
    other = central.with_overrides({"separations": {"separation_rate_per_month": 0.005}})
    assert EN.first_difference_year(central, other) == 2017  # not by year: from the burn-in's year


def test_group_tasks_shares_demand_paths_only():
    paths = EN.load_demand_paths(PATHS)
    base = load(BASELINE)
    members = EN.members(EN.parse_spec("demand:all,seeds:2"), paths, 2, 0)
    tasks = [(EN.apply(base, m, None, [], paths), "b", m.seed, 0.01, m) for m in members]
    groups = X.group_tasks(tasks)
    assert sorted(len(idx) for idx, _ in groups) == [3, 3]
    assert all(month == paths.from_year * 12 for _, month in groups)
    for idx, _ in groups:
        assert len({tasks[i][2] for i in idx}) == 1  # one seed per group
    # seeds only: nothing shared
    assert X.group_tasks(tasks, share=False) == [([i], 0) for i in range(len(tasks))]


def test_shared_months_give_the_same_tables_as_separate_runs(tmp_path):
    """The same member gives the same table, bit for bit, whether its demand path branches
    off a shared simulation to 2020 or runs on its own (package: every lever on)."""
    paths = EN.load_demand_paths(PATHS)
    base = _short(tmp_path, PACKAGE)
    post = pd.DataFrame({"draw": [0], "separations.separation_rate_per_month": [0.005],
                         "demand.technical_demand_growth_per_year": [0.012]})
    members = [EN.Member(i, 0, name, 4) for i, name in enumerate(paths.paths)]
    tasks = [(EN.apply(base, m, post, [0], paths), "p", 4, 0.004, m) for m in members]
    (idx, month), = X.group_tasks(tasks)
    assert month == 2021 * 12
    shared = X.run_group(([tasks[i] for i in idx], month))
    for task, table in zip(tasks, shared):
        pd.testing.assert_frame_equal(table, _plain_run_one(task), check_exact=True)
    # and the paths really differ after 2020 (the test would be empty otherwise)
    cum = [t[(t.indicator == "technical_shortfall_cumulative") & (t.region == "Noord-Holland")]["value"].iloc[-1]
           for t in shared]
    assert len(set(cum)) == 3


def test_simulate_branches_before_the_burn_in_ends_equals_separate_runs(tmp_path):
    base = _short(tmp_path, end_year=2019)
    key = EN.DEMAND_KEY
    other = base.with_overrides({"demand": {"technical_demand_growth_per_year": {2017: base.at(key, 2017), 2018: 0.03}}})
    assert EN.first_difference_year(base, other) == 2018  # the burn-in (2017) is the same
    a, b = simulate_branches(base, [base, other], 2018 * 12, seed=1, scale=0.003)
    pd.testing.assert_frame_equal(a, simulate(base, seed=1, scale=0.003), check_exact=True)
    pd.testing.assert_frame_equal(b, simulate(other, seed=1, scale=0.003), check_exact=True)
    assert not a["value"].equals(b["value"])
    with pytest.raises(ValueError, match="burn-in"):
        simulate_branches(base, [base, other], 2017 * 12 + 6, seed=1, scale=0.003)


@pytest.fixture(scope="module")
def small_ensemble_table(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ens")
    paths = EN.load_demand_paths(PATHS)
    scenarios = [_short(tmp), _short(tmp, PACKAGE)]
    members = EN.members(EN.parse_spec("demand:low+high,seeds:2"), paths, 2, 0)
    table = X.run_all(scenarios, ["a", "b"], [0, 1], 0.003, workers=1, progress=False,
                      ensemble=(members, lambda sc, m: EN.apply(sc, m, None, [], paths)))
    return table, scenarios


def test_summary_of_the_rows_it_reads_equals_the_summary_of_all_rows(small_ensemble_table):
    table, scenarios = small_ensemble_table
    read = X.summary_rows(table)
    assert len(read) < len(table)
    full = summarise(table, scenarios, ["a", "b"], 0.003, 2018, 2022)
    fast = summarise(read, scenarios, ["a", "b"], 0.003, 2018, 2022)
    pd.testing.assert_frame_equal(fast, full, check_exact=True)


def test_decomposition_equals_the_split_of_the_full_per_member_table(small_ensemble_table):
    table, _ = small_ensemble_table
    split = U.decomposition(table, ["a", "b"], 2018, 2022).set_index(["scenario", "quantity"])
    per = per_seed(table, 2018, 2022)["shortfall_cum"].rename("value").reset_index()
    keys = table.drop_duplicates(["scenario", "member"])[["scenario", "member", "parameter_draw", "demand_path", "seed"]]
    per = per.merge(keys, on=["scenario", "member"])
    per["demand_path"] = per["demand_path"].astype(str)
    a = per[per.scenario == "a"].set_index("member")
    by_hand = EN.decompose(a.reset_index())
    for k, v in by_hand.items():
        assert split.loc[("a", "level"), k] == pytest.approx(v, rel=1e-12, abs=1e-9)
    assert split.loc[("a", "level"), "var_demand"] > 0


def test_text_mask_picks_the_rows_astype_str_picks():
    """select.text_mask tests the categories once, not every row: the same rows as the
    test on column.astype(str), also for a missing value (written 'nan') and a
    non-categorical column, and a category no row uses."""
    from skillsim.compare.select import text_is, text_mask

    values = ["Noord-Holland", "Zaanstreek", None, "all", "Noord-Holland", "lever:x:cost_eur", "cost_eur.y"]
    column = pd.Series(pd.Categorical(values, categories=["unused", "Zaanstreek", "Noord-Holland", "all",
                                                          "lever:x:cost_eur", "cost_eur.y"]), index=range(10, 17))
    tests = [lambda n: n == "Noord-Holland", lambda n: n.isin(["all", "nan"]),
             lambda n: n.str.startswith("lever:") | n.str.endswith(".y"), lambda n: n == "unused"]
    for test in tests:
        for col in (column, column.astype(object)):
            expected = test(col.astype(str))
            got = text_mask(col, test)
            pd.testing.assert_series_equal(got, expected.astype(bool), check_names=False)
            assert got.any() == expected.any()
    assert text_is(column, "Zaanstreek", "all").tolist() == [False, True, False, True, False, False, False]
