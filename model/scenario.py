"""Scenarios: a TOML file = a base scenario plus overrides, validated on load.

    name = "house-of-skills-x2"              # optional; defaults to the file name
    description = "What question it answers"  # optional
    base = "baseline.toml"                    # optional; path relative to this file
    [demand]
    technical_demand_growth_per_year = { 2018 = 0.024, 2021 = 0.012 }

Validation rejects unknown sections and keys, wrong types and out-of-range values with
a ScenarioError whose one-line message names the file, the key and what is allowed.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from typing import Any

from skillsim.model import parameters as P
from skillsim.model.errors import ScenarioError

TOP_LEVEL_KEYS = ("name", "description", "base")
YEAR_RANGE = (1990, 2100)


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    params: dict[str, dict[str, Any]]
    source_files: tuple[str, ...] = ()
    sha256: str = ""
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        section, name = key.split(".", 1)
        return self.params[section][name]

    def at(self, key: str, year: int) -> Any:
        """Value of parameter `key` in force in `year` (by-year parameters step)."""
        value = self.get(key)
        if isinstance(value, dict):
            return value_in_year(value, year)
        return value

    def with_overrides(self, overrides: dict[str, dict[str, Any]], name: str | None = None) -> "Scenario":
        """A new scenario with these overrides validated and applied."""
        origin = f"overrides of {self.name}"
        merged = copy.deepcopy(self.params)
        if not isinstance(overrides, dict):
            raise ScenarioError(f"{origin}: overrides must be a table of sections, got {type(overrides).__name__}")
        _apply(merged, overrides, origin)
        check_consistency(merged, origin)
        all_overrides = copy.deepcopy(self.overrides)
        for section, values in overrides.items():
            all_overrides.setdefault(section, {}).update(copy.deepcopy(values))
        digest = hashlib.sha256((self.sha256 + repr(sorted(_flatten(overrides).items()))).encode()).hexdigest()
        return Scenario(name or self.name, self.description, merged, self.source_files, digest, all_overrides)

    def check_overrides(self, overrides: dict[str, dict[str, Any]]) -> None:
        """Validate overrides as with_overrides does (ranges and cross-field rules),
        without building the scenario: for checking every point of a large design."""
        origin = f"overrides of {self.name}"
        if not isinstance(overrides, dict):
            raise ScenarioError(f"{origin}: overrides must be a table of sections, got {type(overrides).__name__}")
        merged = dict(self.params)
        for section, values in overrides.items():
            if section in merged:
                merged[section] = dict(merged[section])
        _apply(merged, overrides, origin)
        check_consistency(merged, origin)

    def to_toml(self) -> str:
        """The full scenario (every parameter) as TOML text that the scenario loader accepts."""
        import tomli_w

        doc: dict[str, Any] = {"name": self.name}
        if self.description:
            doc["description"] = self.description
        for section, values in self.params.items():
            doc[section] = {k: _toml_value(v) for k, v in values.items()}
        return tomli_w.dumps(doc)


def value_in_year(table: dict[int, Any], year: int) -> Any:
    keys = sorted(table)
    chosen = keys[0]
    for k in keys:
        if k <= year:
            chosen = k
    return table[chosen]


def _toml_value(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k): v2 for k, v2 in v.items()}
    return v


def _flatten(d: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {f"{s}.{k}": repr(v) for s, vals in d.items() if isinstance(vals, dict) for k, v in vals.items()}


def scenario_from_documents(chain: list[tuple[str, dict, bytes]], default_name: str) -> Scenario:
    """Merge parsed scenario documents and validate them. `chain` is (origin, document,
    raw bytes) with the base first and the named file last; reading files is the edges'
    work (skillsim.scenario_files.load_scenario)."""
    merged = P.defaults()
    hasher = hashlib.sha256()
    name, description = default_name, ""
    overrides: dict[str, dict[str, Any]] = {}
    for origin, doc, raw in chain:
        check_top_level(doc, origin)
        hasher.update(raw)
        body = {k: v for k, v in doc.items() if k not in TOP_LEVEL_KEYS}
        _apply(merged, body, origin)
        for section, values in body.items():
            overrides.setdefault(section, {}).update(values)
        if "description" in doc:
            description = doc["description"]
    last_origin, last_doc, _ = chain[-1]
    if "name" in last_doc:
        name = last_doc["name"]
    check_consistency(merged, last_origin)
    return Scenario(name, description, merged, tuple(origin for origin, _, _ in chain), hasher.hexdigest(), overrides)


def check_top_level(doc: dict, origin: str) -> None:
    """Top-level keys: name/description/base strings, and known [section] tables."""
    for key, value in doc.items():
        if key in TOP_LEVEL_KEYS:
            if not isinstance(value, str):
                raise ScenarioError(f"{origin}: key '{key}' must be a string, got {type(value).__name__}")
            if key == "name":
                check_name(value, origin)
            elif "\0" in value:
                raise ScenarioError(f"{origin}: key '{key}' contains a NUL character; allowed: printable text")
        elif key not in P.SECTIONS:
            raise ScenarioError(f"{origin}: unknown key '{key}'; allowed top-level keys: {', '.join(TOP_LEVEL_KEYS + P.SECTIONS)}")
        elif not isinstance(value, dict):
            raise ScenarioError(f"{origin}: '{key}' must be a table ([{key}]), got {type(value).__name__}")


MAX_NAME_CHARS = 100


def check_name(value: Any, origin: str, key: str = "name") -> str:
    """A scenario's or sweep's name: it becomes part of an output folder's name
    (results/<name>-seed0), so it must be one plain path component."""
    allowed = (f"1 to {MAX_NAME_CHARS} characters, no '/', '\\', control characters or leading '.' "
               f"(the name becomes an output folder name)")
    bad = (not isinstance(value, str) or not value.strip() or len(value) > MAX_NAME_CHARS
           or any(c in value for c in "/\\") or value.startswith(".")
           or any(ord(c) < 32 or ord(c) == 127 for c in value))
    if bad:
        shown = value if not isinstance(value, str) or len(value) <= 40 else value[:40] + "..."
        raise ScenarioError(f"{origin}: key '{key}' = {shown!r} is not allowed; allowed: {allowed}")
    return value


def _apply(merged: dict, body: dict, origin: str) -> None:
    for section, values in body.items():
        if section not in P.SECTIONS:
            raise ScenarioError(f"{origin}: unknown section '{section}'; allowed: {', '.join(P.SECTIONS)}")
        if not isinstance(values, dict):
            raise ScenarioError(f"{origin}: '{section}' must be a table, got {type(values).__name__}")
        for name, value in values.items():
            key = f"{section}.{name}"
            param = P.BY_KEY.get(key)
            if param is None:
                allowed = ", ".join(p.name for p in P.PARAMETERS if p.section == section)
                raise ScenarioError(f"{origin}: unknown key '{key}'; allowed in [{section}]: {allowed}")
            merged[section][name] = _validate(param, value, origin)


def _describe(param: P.Param) -> str:
    rng = f"in [{param.low}, {param.high}]" if param.low is not None else ""
    if param.kind == "list":
        kind = f"a list of {len(param.default)} numbers"
    else:
        kind = {"float": "a number", "int": "an integer", "bool": "true or false"}[param.kind]
    text = f"{kind} {rng} ({param.unit})".replace("  ", " ")
    if param.by_year:
        text += ", or a table {year = value, ...}"
    return text


def _validate(param: P.Param, value: Any, origin: str) -> Any:
    fail = lambda got: ScenarioError(f"{origin}: key '{param.key}' = {got!r} is not allowed; allowed: {_describe(param)}")
    if param.by_year and isinstance(value, dict):
        if not value:
            raise fail(value)
        table = {}
        for year_key, v in value.items():
            try:
                year = int(year_key)
            except (TypeError, ValueError):
                raise fail(value) from None
            if not (YEAR_RANGE[0] <= year <= YEAR_RANGE[1]) or str(year) != str(year_key).strip():
                raise fail(value)
            table[year] = _scalar(param, v, fail)
        return dict(sorted(table.items()))
    if param.kind == "list":
        if not isinstance(value, list) or len(value) != len(param.default):
            raise fail(value)
        out = [_number(param, v, fail, integer=isinstance(param.default[0], int)) for v in value]
        return out
    return _scalar(param, value, fail)


def _scalar(param: P.Param, value: Any, fail) -> Any:
    if param.kind == "bool":
        if not isinstance(value, bool):
            raise fail(value)
        return value
    return _number(param, value, fail, integer=param.kind == "int")


def _number(param: P.Param, value: Any, fail, integer: bool) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(value)
    if integer and not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        else:
            raise fail(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise fail(value)
    if param.low is not None and value < param.low:
        raise fail(value)
    if param.high is not None and value > param.high:
        raise fail(value)
    return int(value) if integer else float(value)


# Cross-field rules: combinations of values, each within its declared range, that the
# model cannot start from. One function, called for every scenario file, every override
# (sweeps, calibration, dashboard: Scenario.with_overrides) and every sweep design point.
# A rule for a new parameter goes here; its message names every key it reads.
# Modelling bound, not a data figure: the flows are fitted near 4-5% unemployment
# (calibration/); a start above half the labour force is outside anything they describe.
MAX_START_UNEMPLOYMENT_RATE = 0.5


def check_consistency(params: dict[str, dict[str, Any]], origin: str) -> None:
    """Raise ScenarioError (one line naming the keys) if the merged parameters cannot
    start a run."""
    start, end = params["run"]["start_year"], params["run"]["end_year"]
    if end < start:
        raise ScenarioError(f"{origin}: run.end_year ({end}) is before run.start_year ({start}); allowed: end_year >= start_year")
    shares = params["education"]["final_level_shares"]
    if abs(sum(shares) - 1.0) > 1e-6:
        raise ScenarioError(f"{origin}: key 'education.final_level_shares' sums to {sum(shares):.4g}; allowed: shares that sum to 1")
    pop = params["population"]
    population, unemployed, outside = pop["population_15_74"], pop["unemployed_start"], pop["not_in_labour_force_start"]
    labour_force = population - outside
    if labour_force <= 0 or unemployed > MAX_START_UNEMPLOYMENT_RATE * labour_force:
        raise ScenarioError(
            f"{origin}: keys 'population.unemployed_start' ({unemployed:,}), 'population.not_in_labour_force_start' "
            f"({outside:,}) and 'population.population_15_74' ({population:,}) leave a labour force of {labour_force:,} "
            f"with {unemployed:,} unemployed; allowed: not_in_labour_force_start below population_15_74 and "
            f"unemployed_start at most {MAX_START_UNEMPLOYMENT_RATE:.0%} of the labour force (population minus those outside it)")
    from skillsim.model.initial_state import expected_students_and_pensioners_share

    burn_in = params["run"]["burn_in_months"]
    init_year = (start * 12 - burn_in) // 12
    from skillsim.model.calendar import PENSION_AGE_KEY, pension_age_years_in

    pension_now = pension_age_years_in(params, init_year)
    edu = params["education"]
    needed = population * expected_students_and_pensioners_share(
        tuple(edu["final_level_shares"]), tuple(edu["course_length_months"]), float(edu["mbo_dropout_share"]),
        float(pension_now), float(edu["study_delay_share"]))
    if outside < needed:
        raise ScenarioError(
            f"{origin}: key 'population.not_in_labour_force_start' ({outside:,}) is below the {needed:,.0f} people "
            f"the start state puts outside the labour force as students and pensioners (from "
            f"'population.population_15_74' {population:,}, '{PENSION_AGE_KEY}' {pension_now:g} in {init_year}, "
            f"'education.course_length_months', 'education.study_delay_share' and 'education.final_level_shares'); allowed: "
            f"not_in_labour_force_start >= {needed:,.0f}, or a higher pension age")
