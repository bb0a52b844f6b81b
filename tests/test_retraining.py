"""Retraining (issue 15 items 1-2): programme destinations, placement only through
matching, and training without a lever (the source of the levers' deadweight)."""

from __future__ import annotations

import numpy as np
import pytest

from skillsim.model import model as model_module
from skillsim.model import structure as S
from skillsim.model.levers import LEVER_TYPES
from skillsim.model.levers.base import LeverSet
from skillsim.model.model import SkillsimModel
from skillsim.model.persons import EMPLOYED, RETRAINING, UNEMPLOYED
from skillsim.model.results import tidy
from skillsim.model.retraining import BACKGROUND_PROGRAMME
from skillsim.scenario_files import load_scenario

from helpers import BASELINE, ROOT


def only(section: str | None, start: int, end: int, **overrides):
    """The baseline with every lever off but `section`, run from start to end."""
    base = load_scenario(BASELINE)
    off = {t.name: {"enabled": False} for t in LEVER_TYPES if t.name != section}
    more = {section: overrides} if section and overrides else {}
    return base.with_overrides({**off, **more, "run": {"start_year": start, "end_year": end}})


def totals(model) -> dict:
    df = tidy(model)
    nh = df[(df.region == "Noord-Holland") & (df.occupation_group == "all")]
    return nh.groupby("indicator", observed=True).value.sum().to_dict()


def test_no_policy_world_has_training_of_its_own():
    """Deadweight needs a world without levers in which people still train: in
    no-policy, persons start retraining for another group (background) and some are in
    retraining at every month end, all on the background programme."""
    s = load_scenario(ROOT / "scenarios" / "no-policy.toml").with_overrides({"run": {"start_year": 2018, "end_year": 2018}})
    m = SkillsimModel(s, seed=0, scale=0.01)
    assert len(m.levers) == 0
    in_retraining = []
    for _ in range(m.n_months):
        m.step()
        st, prog = m.persons.view("status"), m.persons.view("programme")
        in_retraining.append(int((st == RETRAINING).sum()))
        assert np.all(prog[st == RETRAINING] == BACKGROUND_PROGRAMME)
    tot = totals(m)
    # 2.5% a year of about 1.3 million adults 25+ in work or searching, 42% of them for another group
    started = tot["background_retraining_started"]
    assert 0.4 * 13_000 < started < 2.5 * 13_000
    assert min(in_retraining) > 0


def test_a_levers_deadweight_comes_from_the_background_trainees():
    """House of Skills takes deadweight_share of its participants from the month's
    background trainees: counted as deadweight, on its own programme from then on, and
    the share matches the declared one."""
    s = only("house_of_skills", 2018, 2019, deadweight_share=0.3)
    m = SkillsimModel(s, seed=1, scale=0.02)
    m.run()
    tot = totals(m)
    started = tot["retrained_started.house_of_skills"]
    dead = tot["retraining_deadweight.house_of_skills"]
    assert started > 1000
    # the totals are scaled up by 1/scale: the share is binomial over the simulated persons,
    # so the tolerance is three binomial standard deviations of that count
    n_sim = started * 0.02
    assert dead / started == pytest.approx(0.3, abs=3 * (0.3 * 0.7 / n_sim) ** 0.5)
    # no lever participants without deadweight when the share is 0
    m0 = SkillsimModel(only("house_of_skills", 2018, 2018, deadweight_share=0.0), seed=1, scale=0.02)
    m0.run()
    assert totals(m0)["retraining_deadweight.house_of_skills"] == 0


def test_learning_account_participants_mostly_stay_in_their_occupation_group():
    """STAP: 58% of applicants wanted to improve in their current job. Participants who
    train in their own group (beside the job, or a short course for job seekers) must be
    a majority, and those who change group a large minority."""
    s = only("learning_account", 2022, 2022, enabled=True, start_year=2022, end_year=2022)
    m = SkillsimModel(s, seed=0, scale=0.03)
    lever = next(lv for lv in m.levers if lv.name == "learning_account")
    same = other = 0
    for _ in range(3):
        before = m.persons.occupation.copy()
        m.step()
        on = lever.book.idx
        new = on[m.persons.status_since[on] == m.month_index - 1]
        target = m.persons.study_field[new]
        same += int(np.count_nonzero(target == before[new]))
        other += int(np.count_nonzero(target != before[new]))
    in_group = sum(r.counters.get("lever:learning_account:trained_in_own_group", 0) for r in m.records)
    share_same = (in_group + same) / (in_group + same + other)
    assert in_group + same + other > 200
    assert 0.5 < share_same < 0.75


def test_sector_plan_retrains_into_hard_to_fill_vacancies_in_other_groups():
    """Review §5: 'into hard-to-fill vacancies in other sectors'. Every target is a group
    other than the participant's own, with hard-to-fill vacancies in their region when
    the region has any (checked when the targets are drawn), and non-technical
    hard-to-fill markets get a real share (the programme is not a technical funnel)."""
    s = only("sector_plan", 2016, 2018)
    m = SkillsimModel(s, seed=0, scale=0.2)
    lever = next(lv for lv in m.levers if lv.name == "sector_plan")
    drawn = lever.targets
    seen = {"target": [], "own": [], "in_htf": [], "region_has_htf": []}

    def recording_targets(model, idx, rng):
        firms, t = model.firms, model.month_index
        old = (t - firms.vac_opened) > s.get("matching.hard_to_fill_months")
        htf = np.bincount(firms.vac_market[old], minlength=S.N_MARKETS).reshape(S.N_REGIONS, S.N_OCCUPATIONS)
        own = model.persons.occupation[idx].astype(np.int64)
        region = model.persons.region[idx].astype(np.int64)
        target = drawn(model, idx, rng)
        other_htf = htf[region].copy()
        other_htf[own >= 0, own[own >= 0]] = 0
        seen["target"].append(target)
        seen["own"].append(own)
        seen["in_htf"].append(htf[region, target] > 0)
        seen["region_has_htf"].append(other_htf.sum(axis=1) > 0)
        return target

    lever.targets = recording_targets
    m.run()
    target, own, in_htf, has = (np.concatenate(seen[k]) for k in ("target", "own", "in_htf", "region_has_htf"))
    assert len(target) > 40
    assert np.all(target != own)
    assert has.mean() > 0.9
    assert np.all(in_htf[has])
    assert 0.2 < np.mean(~S.is_technical(target)) < 1.0


def test_finishers_are_hired_only_through_matching(monkeypatch):
    """No direct placement: with matching switched off, House of Skills' finishers stay
    job seekers (none is placed); with matching on, some are hired, and only as the
    winners of vacancies they applied to."""
    s = only("house_of_skills", 2018, 2019, base_duration_months=1, distance_months=0)
    steps = tuple((n, f) for n, f in model_module.MONTHLY_STEPS if n != "matching")
    monkeypatch.setattr(model_module, "MONTHLY_STEPS", steps)
    m = SkillsimModel(s, seed=0, scale=0.01)
    m.run()
    tot = totals(m)
    assert tot["retrained_completed.house_of_skills"] > 100
    assert tot["retrained_placed.house_of_skills"] == 0
    monkeypatch.undo()
    m = SkillsimModel(s, seed=0, scale=0.01)
    m.run()
    tot = totals(m)
    assert 0 < tot["retrained_placed.house_of_skills"] <= tot["retrained_completed.house_of_skills"]


def test_placement_support_raises_suitability_only_of_supported_finishers():
    class Supporting:
        adjusts = ()

        def placement_support(self):
            return [(np.array([5, 9]), 2.0)]

    class NotSupporting:
        adjusts = ()

        def placement_support(self):
            return []

    seekers = np.array([1, 5, 7, 9])
    q = np.array([0.3, 0.3, 0.3, 0.6])
    out = LeverSet([NotSupporting(), Supporting()]).placement_advantage(None, seekers, q)
    assert out.tolist() == [0.3, 0.6, 0.3, 1.0]
    assert q.tolist() == [0.3, 0.3, 0.3, 0.6]  # the caller's array is not changed
    assert LeverSet([NotSupporting()]).placement_advantage(None, seekers, q) is q


def test_placement_support_helps_finishers_into_work():
    """The sector plan's support factor 3 against 1 (no support): more finishers hired
    within the support months, same seeds (pooled over 3 seeds)."""
    placed = {}
    for factor in (1.0, 3.0):
        n_placed = n_done = 0
        for seed in range(3):
            m = SkillsimModel(only("sector_plan", 2016, 2017, placement_support_factor=factor), seed=seed, scale=0.1)
            m.run()
            tot = totals(m)
            n_placed += tot["retrained_placed.sector_plan"]
            n_done += tot["retrained_completed.sector_plan"]
        placed[factor] = n_placed / n_done
    assert placed[3.0] > placed[1.0] + 0.05
