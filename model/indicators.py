"""The registry of indicators: every indicator of the tidy results table (model.results),
one line each: name, unit, meaning, frequency, and whether a policy lever reports it.

- frequency "monthly": a value for every month (a stock at the end of the month, or the
  month's flow); "quarterly": one value a complete calendar quarter, dated the quarter's
  last month end; "annual": one value a calendar year, dated 31 December.
- by_age: also a row per age group, "<indicator>.<low>-<high>" (issue 14).
- lever: a lever's flow (recorded as month counters `lever:<name>:<indicator>`), with a
  row per lever that is on, "<indicator>.<lever>"; lever_total: also a Noord-Holland
  total over the levers; compared: one of the lever columns of `skillsim compare`.

model.results, skillsim.compare and the sweep specification read their lists from here;
docs/odd.md and the README describe the indicators. To add one, add a line (in the
order the table lists them) and the code in model.results that computes it.
"""

from __future__ import annotations

from dataclasses import dataclass

PERSONS, PER_MONTH, PER_YEAR = "persons", "persons/month", "persons/year"


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str
    meaning: str
    frequency: str = "monthly"   # monthly | quarterly | annual
    lever: bool = False          # a policy lever's flow, per lever as "<name>.<lever>"
    lever_total: bool = False    # a lever flow with a Noord-Holland total over all levers
    compared: bool = False       # a lever column of the scenario comparison (skillsim compare)
    by_age: bool = False         # also rows per age group, "<name>.<low>-<high>" (or ".<age>")


_ANNUAL = {"frequency": "annual"}
_QUARTERLY = {"frequency": "quarterly"}
_ANNUAL_BY_AGE = {"frequency": "annual", "by_age": True}
_LEVER = {"lever": True}
_LEVER_TOTAL = {"lever": True, "lever_total": True}
_COMPARED = {"lever": True, "lever_total": True, "compared": True}

REGISTRY: tuple[Indicator, ...] = (
    Indicator("employed", PERSONS, "employed persons in CBS's sense (any paid work, 15-74): status employed plus working students and working pensioners (residence region); by job's region for an occupation group (jobs in the model's markets only)"),
    Indicator("working_students", PERSONS, "persons in initial education with a paid side job (included in employed)"),
    Indicator("working_pensioners", PERSONS, "retired persons with paid work after retirement outside the occupation markets (retirement.work_after_retirement_share; included in employed, and in inactive as a labour status)"),
    Indicator("unemployed", PERSONS, "unemployed persons (ILO-style: searching, available)"),
    Indicator("inactive", PERSONS, "persons outside the labour force, not in initial education or retraining"),
    Indicator("in_education", PERSONS, "persons in initial education"),
    Indicator("in_retraining", PERSONS, "persons in a retraining programme, with or without a lever"),
    Indicator("background_retraining_started", PER_MONTH, "persons who started retraining for another group without a lever (model/retraining.py)"),
    Indicator("population", PERSONS, "residents aged 15-74"),
    Indicator("unemployment_rate", "%", "unemployed / (employed + unemployed), employed in CBS's sense"),
    Indicator("open_vacancies", "vacancies", "open vacancies at the end of the month"),
    Indicator("hard_to_fill_technical_vacancies", "vacancies", "technical vacancies open more than matching.hard_to_fill_months"),
    Indicator("unfilled_technical_jobs", PERSONS, "technical jobs firms want filled that are not filled at the end of the month: sum over technical markets (region of the job x technical group) of max(0, desired jobs - employed); a level (firms give up jobs they cannot fill), not a running sum"),
    Indicator("unfilled_nontechnical_jobs", PERSONS, "the same for the non-technical groups (displacement shows here)"),
    Indicator("tension", "vacancies per unemployed", "open vacancies / unemployed"),
    Indicator("hires", PER_MONTH, "vacancies filled in the month"),
    Indicator("below_requirement_hires", PER_MONTH, "hires (included in hires) into vacancies whose firm lowered its requirements, of applicants the regular suitability test refused; the firm trains them (firms.lower_requirements_share)"),
    Indicator("jobs_given_up", "jobs/month", "vacancies withdrawn after firms.withdrawal_months open: the job is given up (desired jobs fall by one)"),
    Indicator("flow_u_to_e", PER_MONTH, "unemployed who found a job"),
    Indicator("flow_e_to_u", PER_MONTH, "employed who became unemployed"),
    Indicator("flow_job_to_job", PER_MONTH, "employed who moved to another job"),
    Indicator("flow_into_inactivity", PER_MONTH, "employed or unemployed who left the labour force"),
    Indicator("flow_out_of_inactivity", PER_MONTH, "inactive who became employed or unemployed"),
    Indicator("technical_demand", PER_YEAR, "new technicians wanted: expansion of technical jobs plus replacement of every technician who left a technical job", **_ANNUAL),
    Indicator("technical_inflow", PER_YEAR, "technicians who entered a technical job (graduates, movers from other groups, re-entrants)", **_ANNUAL),
    Indicator("technical_shortfall", PER_YEAR, "technical_demand - technical_inflow in the calendar year", **_ANNUAL),
    Indicator("technical_shortfall_cumulative", PERSONS, "sum of technical_shortfall since the start year", **_ANNUAL),
    Indicator("technical_jobs_given_up", PER_YEAR, "technical jobs given up in the calendar year (vacancies withdrawn after firms.withdrawal_months): technical_shortfall = change in unfilled technical jobs + technical_jobs_given_up", **_ANNUAL),
    Indicator("technical_school_leavers", PER_YEAR, "MBO leavers with a technical diploma entering the labour market in the calendar year", **_ANNUAL),
    Indicator("technical_education_supply_gap", PER_YEAR, "technical_demand (expansion + replacement) - technical_school_leavers in the calendar year (ROA-style education-supply view)", **_ANNUAL),
    Indicator("tension_uwv", "ratio", "UWV-style spanningsindicator: open vacancies / unemployed whose unemployment began less than six months ago, with their last occupation (quarterly means of both stocks; region of the job for vacancies, of residence for the unemployed)", **_QUARTERLY),
    Indicator("tension_uwv_category", "category", "tension_uwv in UWV's classes: 0 zeer ruim (< 0.25), 1 ruim (0.25-0.67), 2 gemiddeld (0.67-1.5), 3 krap (1.5-4.0), 4 zeer krap (> 4.0)", **_QUARTERLY),
    # Life course (issue 14): annual, by region of residence; age groups as "<indicator>.<low>-<high>".
    Indicator("net_participation_rate", "%", "employed (CBS sense) / population 15-74, mean of the ends of June and December; also .15-25 ... .70-75 (structure.PARTICIPATION_AGE_GROUPS) and CBS's .25-45, .55-65 and .65 (age 65)", **_ANNUAL_BY_AGE),
    Indicator("retirement_age_mean", "years", "mean age of the employed persons who retired in the year", **_ANNUAL),
    Indicator("retirements", PER_YEAR, "employed persons who retired in the year", **_ANNUAL),
    Indicator("occupation_change_rate", "%", "of persons employed at the end of December of the previous year and of this year, the share whose occupation group changed; also .15-25, .25-45, .45-75 (CBS 83119NED age groups)", **_ANNUAL_BY_AGE),
    Indicator("school_leavers_direct_to_work_rate", "%", "school leavers of the year hired on leaving (BBL kept by a firm, others hired straight from school) / all school leavers of the year", **_ANNUAL),
    # Policy levers (model/levers): per lever as "<indicator>.<lever>" (rows only for the levers a scenario switches on).
    Indicator("retrained_started", PER_MONTH, "persons who started a lever's retraining trajectory", **_LEVER_TOTAL),
    Indicator("retrained_completed", PER_MONTH, "persons who finished a retraining trajectory", **_COMPARED),
    Indicator("retrained_placed", PER_MONTH, "retraining finishers hired through matching while their programme's placement support lasted", **_COMPARED),
    Indicator("trained_in_own_group", PER_MONTH, "lever participants who took a course in their own occupation group (no change of labour-market state)", **_LEVER_TOTAL),
    Indicator("retraining_deadweight", PER_MONTH, "lever participants who would have trained anyway (taken from the month's background trainees)", **_LEVER_TOTAL),
    Indicator("retraining_candidates", PER_MONTH, "candidates taken in for selection by a retraining lever", **_LEVER),
    Indicator("inclusion_placements", PER_MONTH, "persons from an inclusion target group placed in work or a qualification track", **_COMPARED),
    Indicator("technical_choice_switches", PER_MONTH, "new MBO entrants who chose a technical programme because of a lever", **_LEVER),
    Indicator("cost_eur", "EUR/month", "public (and co-funding) cost of the levers in the month; sum over months for a total", **_COMPARED),
)
BY_NAME: dict[str, Indicator] = {i.name: i for i in REGISTRY}
assert len(BY_NAME) == len(REGISTRY), "an indicator is registered twice"

LEVER_INDICATORS = tuple(i.name for i in REGISTRY if i.lever)          # every lever flow
LEVER_TOTALS = tuple(i.name for i in REGISTRY if i.lever_total)        # ... with a Noord-Holland total
COMPARED_LEVER_INDICATORS = tuple(i.name for i in REGISTRY if i.compared)
ANNUAL = tuple(i.name for i in REGISTRY if i.frequency == "annual")
BY_AGE = tuple(i.name for i in REGISTRY if i.by_age)                   # with rows per age group


def base_name(name: str) -> str:
    """'cost_eur.house_of_skills' (a per-lever row) or 'lever:house_of_skills:cost_eur'
    (a month counter) -> 'cost_eur'; a registered name -> itself."""
    return name.rsplit(":", 1)[-1].split(".", 1)[0]
