"""A sweep as a list of tasks: one per scenario x design point x replicate, in a fixed order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from skillsim.model.errors import ScenarioError
from skillsim.model.scenario import Scenario
from skillsim.errors import UserError
from skillsim.sweep import keys
from skillsim.sweep.spec import SweepSpec, nest

DEFAULT_RUN_FN = "skillsim.sweep.child:default_run"


@dataclass(frozen=True)
class Task:
    """Everything a worker needs to do one run; small and picklable."""
    index: int                 # position in the sweep (fixes the order of the combined table)
    run_key: str
    base_scenario: Scenario    # base scenario + fixed overrides (one object shared by its tasks)
    scenario_file: str
    point: dict[str, Any]      # varied parameter -> value
    replicate: int
    seed: int
    scale: float
    keep_indicators: tuple[str, ...]
    keep_regions: tuple[str, ...]
    keep_groups: tuple[str, ...]
    timeout_s: float
    retries: int
    run_fn: str = DEFAULT_RUN_FN  # "module:function" run in the run process
    parameter_draw: int = -1      # ensemble member ([ensemble]): -1 = no posterior draw
    demand_path: str = ""         # ensemble member: the demand path ("" without [ensemble])
    member_overrides: tuple = ()  # the member's overrides, applied after the design point

    @property
    def scenario(self) -> Scenario:
        """The scenario of this run: the base with this design point applied, then the
        ensemble member's overrides (skillsim.compare.ensemble.member_overrides). Built on
        demand, so a sweep of N runs holds N small tasks, not N copies of a scenario."""
        sc = self.base_scenario.with_overrides(nest(self.point)) if self.point else self.base_scenario
        for over in self.member_overrides:
            sc = sc.with_overrides(over)
        return sc


def fn_path(run_fn: Callable | str | None) -> str:
    """A run function as "module:qualname" so that a fresh process can import it."""
    if run_fn is None:
        return DEFAULT_RUN_FN
    if isinstance(run_fn, str):
        return run_fn
    return f"{run_fn.__module__}:{run_fn.__qualname__}"


def build_tasks(spec: SweepSpec, run_fn: Callable | str | None = None) -> list[Task]:
    fn = fn_path(run_fn)
    keep = {"indicators": list(spec.keep_indicators), "regions": list(spec.keep_regions),
            "occupation_groups": list(spec.keep_groups)}
    if fn != DEFAULT_RUN_FN:  # a different run function is a different result
        keep["run_fn"] = fn
    tasks: list[Task] = []
    ens = spec.ensemble
    members = ens.members if ens else ((-1, ""),)
    for scen_file, base in zip(spec.scenario_files, spec.scenarios):
        for point in spec.points:
            try:
                scen = base.with_overrides(nest(point)) if point else base
            except ScenarioError as exc:
                raise UserError(f"{spec.path}: design point {point} with scenario {scen_file}: {exc}") from None
            for draw, path_name in members:
                over, member_scen = (), scen
                if ens:
                    from skillsim.compare import ensemble as EN

                    m = EN.Member(0, draw, path_name, 0)
                    try:
                        over = EN.member_overrides(scen, m, ens.posterior, list(ens.draw_rows), ens.demand_paths)
                        for o in over:
                            member_scen = member_scen.with_overrides(o)
                    except ScenarioError as exc:
                        raise UserError(f"{spec.path}: [ensemble] draw {draw}, demand path {path_name}, design point "
                                        f"{point} with scenario {scen_file}: {exc}") from None
                for rep in range(spec.seeds):
                    seed = keys.run_seed(spec.seed, rep, base.sha256, point, spec.common_random_numbers)
                    key = keys.run_key(member_scen.sha256, point, seed, spec.scale, keep)
                    tasks.append(Task(len(tasks), key, base, scen_file, dict(point), rep, seed, spec.scale,
                                      spec.keep_indicators, spec.keep_regions, spec.keep_groups,
                                      spec.timeout_s, spec.retries, fn, draw, path_name, over))
    return tasks
