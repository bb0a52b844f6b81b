"""Controls for the dashboard, generated from the parameter declarations.

Every parameter with a `lever` family in model.parameters.PARAMETERS gets a control, so
a lever declared there appears on the page without touching the dashboard. Until the
lever families exist, the two demand-growth assumptions are always offered too, so the
page can answer "what if demand grows faster?".

A by-year parameter ({year: value}) is shown as the value in force in the scenario's
first year; if the user moves it, it is written back as one number for all years.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from model import parameters as P
from model.scenario import Scenario

# Parameters offered whatever their lever field says, under the family "demand".
ALWAYS_OFFERED = ("demand.technical_demand_growth_per_year", "demand.other_demand_growth_per_year")
FAMILY_ORDER = ("campuses", "work-to-work", "inclusion", "demand")
CONTROL_KINDS = ("float", "int", "bool")


@dataclass(frozen=True)
class Control:
    param: P.Param
    family: str

    @property
    def key(self) -> str:
        return self.param.key

    @property
    def kind(self) -> str:
        return self.param.kind

    @property
    def low(self) -> float:
        p = self.param
        if p.low is not None:
            return p.low
        return 0.0 if p.kind != "bool" else 0

    @property
    def high(self) -> float:
        p = self.param
        if p.high is not None:
            return p.high
        # an open upper bound: offer up to four times the default (at least 1)
        return max(1.0, 4.0 * abs(float(first_value(p.default))))

    @property
    def step(self) -> float:
        if self.kind == "int":
            span = self.high - self.low
            return max(1, int(10 ** math.floor(math.log10(span / 100)))) if span > 100 else 1
        span = float(self.high - self.low)
        if span <= 0:
            return 1.0
        return 10 ** math.floor(math.log10(span / 100))

    def default_value(self) -> Any:
        """The declared default (first year's value for a by-year default): the source's figure."""
        return first_value(self.param.default)


def first_value(value: Any) -> Any:
    if isinstance(value, dict):
        return value[min(value)]
    return value


def controls(parameters=None) -> list[Control]:
    """All controls the page shows, in family order then declaration order."""
    parameters = P.PARAMETERS if parameters is None else parameters
    out: list[Control] = []
    for p in parameters:
        if p.kind not in CONTROL_KINDS:
            continue  # lists (e.g. level shares) are not one slider
        if p.lever:
            out.append(Control(p, p.lever))
        elif p.key in ALWAYS_OFFERED:
            out.append(Control(p, "demand"))
    rank = {f: i for i, f in enumerate(FAMILY_ORDER)}
    return sorted(out, key=lambda c: rank.get(c.family, len(rank)))  # stable: keeps declaration order


def families(ctrls: list[Control]) -> list[str]:
    return list(dict.fromkeys(c.family for c in ctrls))


def scenario_value(scenario: Scenario, control: Control) -> Any:
    """What the control shows for this scenario: its value in the scenario's first year."""
    value = scenario.at(control.key, int(scenario.get("run.start_year")))
    if control.kind == "bool":
        return bool(value)
    if control.kind == "int":
        return int(value)
    return float(value)


def clamp(control: Control, value: Any) -> Any:
    if control.kind == "bool":
        return bool(value)
    value = min(max(value, control.low), control.high)
    return int(round(value)) if control.kind == "int" else float(value)


def overrides_from(scenario: Scenario, values: dict[str, Any], ctrls: list[Control]) -> dict[str, dict[str, Any]]:
    """Overrides for the controls the user moved away from the scenario's own value."""
    out: dict[str, dict[str, Any]] = {}
    for c in ctrls:
        if c.key not in values:
            continue
        value = clamp(c, values[c.key])
        if value != scenario_value(scenario, c):
            out.setdefault(c.param.section, {})[c.param.name] = value
    return out


def format_value(control: Control, value: Any, lang: str = "nl") -> str:
    if control.kind == "bool":
        return ("aan" if value else "uit") if lang == "nl" else ("on" if value else "off")
    if control.kind == "int":
        text = f"{int(value):,}"
    else:
        v = float(value)
        digits = max(0, -int(math.floor(math.log10(control.step)))) if control.step < 1 else 0
        text = f"{v:,.{digits}f}"
    if lang == "nl":
        text = text.replace(",", "\u2009").replace(".", ",")
    return f"{text} {control.param.unit}".strip()
