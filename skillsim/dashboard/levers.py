"""Controls for the dashboard, generated from the parameter declarations.

Every parameter with a `lever` family in model.parameters.PARAMETERS gets a control, so
a lever declared there appears on the page without touching the dashboard. Until the
lever families exist, the two demand-growth assumptions are always offered too, so the
page can answer "what if demand grows faster?".

A by-year parameter ({year: value}) is shown as the value in force in the scenario's
first year; if the user moves it, it is written back as one number for all years.

A chosen scenario runs exactly as its file says: a slider whose range does not hold the
scenario's value is widened to hold it (`for_value`), and only the controls the user
moved become overrides (`overrides_from`); a value is never cut to a slider's range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from skillsim.model import parameters as P
from skillsim.model.scenario import Scenario

# Parameters offered whatever their lever field says, under the family "demand".
ALWAYS_OFFERED = ("demand.technical_demand_growth_per_year", "demand.other_demand_growth_per_year")
FAMILY_ORDER = ("campuses", "work-to-work", "inclusion", "demand")
CONTROL_KINDS = ("float", "int", "bool")
# Parameter names that are a programme's main levers: the switch, its size and its money.
MAIN_NAMES = ("enabled", "capacity_persons", "campuses_from_2019", "intake_seats_per_campus_per_year",
              "events_per_year", "placements_per_month", "budget_eur")


def _nice_ceil(x: float) -> float:
    """Round up to 1, 2 or 5 times a power of ten."""
    if x <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        if m * power >= x - 1e-12:
            return float(m * power)
    return float(10 * power)


@dataclass(frozen=True)
class Control:
    param: P.Param
    family: str
    widen_low: float | None = None   # set by for_value(): the scenario's value lies below the usual range
    widen_high: float | None = None  # ... or above it

    @property
    def key(self) -> str:
        return self.param.key

    @property
    def kind(self) -> str:
        return self.param.kind

    @property
    def low(self) -> float:
        if self.widen_low is not None:
            return self.widen_low
        p = self.param
        if p.low is not None:
            return p.low
        return 0.0 if p.kind != "bool" else 0

    @property
    def high(self) -> float:
        """Upper end of the slider: the declared high, but for a wide range (a budget of up to
        EUR 1e9 around a default of EUR 11M) at most five times the default rounded up, so
        the slider has useful steps. It never goes beyond the declared high; for_value()
        widens it to hold a scenario's own value."""
        if self.widen_high is not None:
            return self.widen_high
        p = self.param
        default = abs(float(first_value(p.default))) if self.kind != "bool" else 1.0
        if p.high is None:
            return _nice_ceil(max(1.0, 5.0 * default))
        if default > 0 and p.high > 20 * default and p.high - self.low > 100:
            return min(p.high, _nice_ceil(5.0 * default))
        return p.high

    @property
    def step(self) -> float:
        span = float(self.high - self.low)
        if span <= 0:
            return 1
        step = 10 ** math.floor(math.log10(span / 100))
        if self.kind == "int":
            return max(1, int(step))
        return step

    @property
    def programme(self) -> str:
        """The lever programme the control belongs to (its parameter section)."""
        return self.param.section

    @property
    def main(self) -> bool:
        """Shown directly (the rest of a programme's controls are folded away)."""
        return self.param.lever is None or self.param.name in MAIN_NAMES

    def default_value(self) -> Any:
        """The declared default (first year's value for a by-year default): the source's figure."""
        return first_value(self.param.default)


def for_value(control: Control, value: Any) -> Control:
    """The control with its slider range widened to hold `value` (a scenario's own value),
    within the declared range; the control itself if the value already fits."""
    if control.kind == "bool" or control.low <= value <= control.high:
        return control
    p = control.param
    if value > control.high:
        high = _nice_ceil(float(value))
        high = min(high, p.high) if p.high is not None else high
        return replace(control, widen_high=float(max(high, value)))
    low = -_nice_ceil(-float(value)) if value < 0 else 0.0
    low = max(low, p.low) if p.low is not None else low
    return replace(control, widen_low=float(min(low, value)))


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


def programmes(ctrls: list[Control], family: str) -> list[str]:
    return list(dict.fromkeys(c.programme for c in ctrls if c.family == family))


def programme_title(ctrls: list[Control], programme: str, lang: str) -> str:
    """A programme's name, taken from its switch's label ("House of Skills aan" ->
    "House of Skills"); the section name if it has no labelled switch."""
    for c in ctrls:
        if c.programme == programme and c.param.name == "enabled":
            label = c.param.label_nl if lang == "nl" else (c.param.label_en or c.param.label_nl)
            for suffix in (" aan", " on"):
                if label.endswith(suffix):
                    label = label[: -len(suffix)]
            if label:
                return label
    return programme.replace("_", " ")


def scenario_value(scenario: Scenario, control: Control) -> Any:
    """What the control shows for this scenario: its value in the scenario's first year."""
    value = scenario.at(control.key, int(scenario.get("run.start_year")))
    if control.kind == "bool":
        return bool(value)
    if control.kind == "int":
        return int(value)
    return float(value)


def clamp(control: Control, value: Any) -> Any:
    """A value the user set, kept inside the parameter's declared range (not the slider's:
    a scenario's own value beyond the usual slider range is a valid value)."""
    if control.kind == "bool":
        return bool(value)
    p = control.param
    low = p.low if p.low is not None else -math.inf
    high = p.high if p.high is not None else math.inf
    value = min(max(value, low), high)
    return int(round(value)) if control.kind == "int" else float(value)


def overrides_from(scenario: Scenario, moved: dict[str, Any], ctrls: list[Control]) -> dict[str, dict[str, Any]]:
    """Overrides for the controls the user moved (`moved`: key -> value the user set) to a
    value other than the scenario's own. Controls not in `moved` keep the scenario's value,
    whatever their slider range."""
    out: dict[str, dict[str, Any]] = {}
    for c in ctrls:
        if c.key not in moved:
            continue
        value = clamp(c, moved[c.key])
        own = scenario_value(scenario, c)
        same = value == own if c.kind != "float" else math.isclose(value, own, rel_tol=1e-12, abs_tol=1e-15)
        if not same:
            out.setdefault(c.param.section, {})[c.param.name] = value
    return out


def describe_overrides(overrides: dict[str, dict[str, Any]], ctrls: list[Control], lang: str) -> list[str]:
    """'Label: value unit' per override, in the page's language and number format."""
    from skillsim.dashboard.texts import param_label

    by_key = {c.key: c for c in ctrls}
    out = []
    for section, values in overrides.items():
        for name, value in values.items():
            c = by_key.get(f"{section}.{name}")
            out.append(f"{param_label(c.param, lang)}: {format_value(c, value, lang)}" if c else f"{section}.{name} = {value}")
    return out


def format_value(control: Control, value: Any, lang: str = "nl") -> str:
    if control.kind == "bool":
        return ("aan" if value else "uit") if lang == "nl" else ("on" if value else "off")
    from skillsim.dashboard.texts import number

    from skillsim.dashboard.texts import unit_label

    if control.kind == "int":
        text = number(int(value), lang)
    else:
        digits = max(0, -int(math.floor(math.log10(control.step)))) if control.step < 1 else 0
        if value and abs(float(value)) < 10 ** -digits:  # a small value a coarse step would show as 0
            digits = min(6, -int(math.floor(math.log10(abs(float(value))))))
        text = number(float(value), lang, digits)
    return f"{text} {unit_label(control.param.unit, lang)}".strip()
