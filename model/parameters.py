"""Every parameter of the model, declared once: name with unit, default, allowed range,
source. Scenario files may set only these keys; docs/parameters.md is generated from
this list (`python -m skillsim.docs`), so the documentation cannot drift from the code.

A parameter marked `by_year` takes either one number or a table keyed by the year in
which a value takes effect (`{2018 = 0.02, 2021 = 0.01}`): the value in force in a year
is the one with the latest key not after it (a step function, as in PolicyEngine).

A `plausible` range (inside the allowed one) is where a value can reasonably lie: the
bounds calibration searches (skillsim/calibration/search.py) and the uncertainty ranges
sweeps explore (skillsim/ema.py) both read it from here; its "why" is in those modules.

Sources are cited as: "review §N" = the province's mid-term review 2018 of its
labour-market agenda (shared/seed, digest in DIGEST.md); a CBS table id = Statistics
Netherlands StatLine, values in calibration/data/; "assumption" = set by hand, listed
in docs/odd.md; "hand-tuned" = set by hand so that the baseline meets the target named.
"""

from __future__ import annotations

from typing import Any

from skillsim.model.declarations import Param


_P: list[Param] = []


def declare(section: str, name: str, default: Any, unit: str, low, high, source: str, doc: str, **kw) -> None:
    param = Param(section, name, default, unit, low, high, source, doc, **kw)
    if param.plausible is not None:
        lo, hi = param.plausible
        assert low <= lo < hi <= high, f"{param.key}: plausible range {param.plausible} not inside [{low}, {high}]"
    _P.append(param)


# ---------------------------------------------------------------------------- run
declare("run", "start_year", 2018, "year", 2014, 2025,
        "issue 2: runs start in January 2018 (end 2017 is the source's reference point)",
        "First simulated year; the run starts on 1 January.", kind="int")
declare("run", "burn_in_months", 12, "months", 0, 60,
        "modelling choice: the vacancy stock and flows settle to the model's own frictions before the first reported month (docs/odd.md)",
        "Months simulated before January of start_year and not reported; the initial state is built at their start.", kind="int")
declare("run", "end_year", 2030, "year", 2016, 2040,
        "review §1: the agenda looks ahead to 2030", "Last simulated year (inclusive).", kind="int")

# --------------------------------------------------------------------- population
declare("population", "population_15_74", 2_149_000, "persons", 1_000_000, 3_000_000,
        "CBS 83524NED (2016: 2,114k) and 84703NED (2019: 2,166k), interpolated to 1 Jan 2018",
        "Residents of Noord-Holland aged 15-74 at the start.", kind="int")
declare("population", "unemployed_start", 73_000, "persons", 10_000, 300_000,
        "review §2: 4.8% = 73,000 unemployed at end 2017", "Unemployed at the start.", kind="int")
declare("population", "not_in_labour_force_start", 613_000, "persons", 200_000, 1_200_000,
        "CBS 83524NED (cbs_labour_force_snapshots.csv): 603k of Noord-Holland's 2,114k residents aged 15-74 outside the labour force in 2016 (28.52%), the labour-force-survey table population_15_74 also comes from, applied to the start's 2,149k: 613k; the review's 'circa 620,000 inactive in the potential labour force 15-75' (§2, no year given; used before commit 7d39613) rounds it",
        "People outside the labour force at the start (CBS's concept: students without a side job, the retired without work, the other inactive).", kind="int")
declare("population", "employment_rate_below_pension_age", 0.36, "share", 0.0, 1.0,
        "CBS 82914NED: net participation at age 65 was 34.4% in 2018 (38.0% in 2019), the year below the AOW age of 66",
        "Employed share of persons just below the pension age at the start; with the retirement hazards it sets who still works past the pension age at the start.")
declare("population", "youth_care_share_15_24", 0.03, "share", 0.0, 0.2,
        "assumption (about 3% of young people receive youth care; CBS Jeugdzorg not in snapshot)",
        "Share of people aged 15-24 marked as coming from youth care (inclusion target group).")
declare("population", "disability_share", 0.05, "share", 0.0, 0.2,
        "assumption (WIA/Wajong recipients are about 5% of 15-74; UWV, not in snapshot)",
        "Share of people with an occupational disability (inclusion target group).")

# --------------------------------------------------------------------- demography
declare("demography", "pension_age_years",
        {2014: 65.167, 2015: 65.25, 2016: 65.5, 2017: 65.75, 2018: 66.0, 2019: 66.333, 2022: 66.583, 2023: 66.833, 2024: 67.0, 2028: 67.25},
        "years", 60.0, 72.0, "AOW-leeftijd, Rijksoverheid (Wet temporisering verhoging AOW-leeftijd 2019); 2015-2031 as in calibration/data/retirement_and_aow_nl.csv (2028-2031: 67y3m, SZW Kamerbrief)",
        "State pension age (AOW): the unemployed and those in retraining leave the labour force on reaching it; the employed retire around it (retirement section).",
        by_year=True)
declare("demography", "other_exit_rate_per_year", 0.004, "1/year", 0.0, 0.05,
        "assumption: deaths below 75 (about 0.3% a year, CBS) plus emigration of residents not in the net figure",
        "Yearly probability that a person below 75 leaves the population for another reason than ageing out.")
declare("demography", "net_migration_per_year", 13_000, "persons/year", -50_000, 100_000,
        "derived: CBS 83524NED (2016) to 84703NED (2019), +17k a year aged 15-74, minus cohort turnover (docs/odd.md); kept at 13k with the CBS 37296ned age structure (issue 14) because the start's 2,149k (1 January 2018) is placed at the start of the 12-month burn-in, so a year's growth is already in the 2019 level (population_2019: 2,166k, 84703NED)",
        "Net arrivals aged 20-44 per year; they arrive as job seekers or inactive.", kind="int", by_year=True, plausible=(0, 26_000))
declare("demography", "migrant_job_seeker_share", 0.6, "share", 0.0, 1.0,
        "assumption", "Share of arriving migrants who look for work on arrival (the rest are inactive).")
declare("demography", "school_cohort_change_per_year", {2018: 0.0, 2020: -0.01, 2031: 0.0}, "1/year", -0.1, 0.1,
        "review §2: secondary-school pupil numbers fall 2020-2030 (size of the fall: assumption)",
        "Yearly relative change in the number of 15-year-olds entering the population.", by_year=True)

# --------------------------------------------------------------------- retirement
declare("retirement", "start_age_years", 60, "years", 50, 70,
        "CBS Pensioenleeftijd werknemers (retirement_and_aow_nl.csv): 0.7% of employees aged 55-60 retired in 2019 against 5.1% at 60-65; retirement before 60 is left to the quit rate",
        "Age from which the employed retire at the retirement hazards below; the inactive of this age and older no longer start searching.", kind="int")
declare("retirement", "rate_before_pension_age_per_year", [0.05, 0.07, 0.07], "1/year", 0.0, 1.0,
        "hand-tuned (issue 14) to CBS 2018-2019: mean retirement age of employees 65y0m (2018) and 65y1m (2019), 5.1% of employees aged 60-65 retiring in 2019 (retirement_and_aow_nl.csv), and net participation at 65 of 34.4% (2018) and 38.0% (2019, CBS 82914NED). Re-set with the study delay (education.study_delay_share), which leaves fewer people to be made inactive at the start and so more at work at 63-64: the former [0.05, 0.06, 0.04] then gave 38.3% at 65 in 2018 (outside CBS's 3 points) and [0.05, 0.07, 0.07] gives 36.6% (2018), 35.2% (2019) and a mean retirement age of 65.04 (2018), mean of seeds 0-3 at scale 0.1: the lowest weighted error of the three targets (weights and errors of calibration/targets.toml) of the variants tried (0.04, 0.06, 0.07 and 0.08 from 62). These hazards average about 6.2% a year over 60-65, above CBS's 5.1%: the model's start state has too few of the 63-64-year-olds inactive, and the hazards make up for it (docs/odd.md); [0.04, 0.08, 0.10] before issue 14's fit gave 31.7% at 65 in 2019. Not re-set after issue 14's start-state fix (commit 7d39613) raised the start's inactivity weight from 64 to the pension age (initial_state.py: CBS 82914NED, 28.0% at 65 in 2017), with which they give 36.16% (2018) and 36.58% (2019) at 65 and a mean retirement age of 64.92 (2018), seeds 0-3, scale 0.1",
        "Yearly probability that an employed person retires, at ages 60-61, 62-63 and 64 up to the pension age.", kind="list")
declare("retirement", "share_at_pension_age", 0.5, "share", 0.0, 1.0,
        "hand-tuned (issue 14) with the other retirement hazards to the mean retirement age 65.0 (2018) and CBS 82914NED/85267NED participation at and past the AOW age (age 65: 34.4% in 2018; 65-70: 25-28% in 2023-24)",
        "Share of those still employed on reaching the pension age who retire in that month.", plausible=(0.3, 0.8))
declare("retirement", "rate_after_pension_age_per_year", 0.06, "1/year", 0.0, 1.0,
        "hand-tuned (issue 14) with the other retirement hazards; CBS 85267NED shows 65-70 at 25-28% and 70-75 at about 10% in 2023-24, which includes the self-employed and working pensioners that the employees' mean retirement age of 65.0 leaves out (docs/odd.md)",
        "Yearly probability that an employed person past the pension age retires.", plausible=(0.02, 0.15))
declare("retirement", "work_after_retirement_share", 0.05, "share", 0.0, 1.0,
        "hand-set (issue 14) to CBS achtergrond 2017/20 (cbs_participation_by_age_nl.csv): labour force 65-75 of 200k in 2017Q1 (181k in 2016Q1; old EBB method), with 3.0% of it unemployed (85267NED 2023Q3: 11k of 361k) and the population 65-75 of 1,874k (CBS 37296ned 1 January 2018, 65-80 split by the model's age rule) to 1,820k (a year earlier, an assumption): net participation 65-75 of 10.35-10.66% in 2017Q1, against 9.69% in the model's start state (1 January 2017, mean of seeds 0-1, scale 0.1) without work after retirement; each 0.1 of this share adds 1.57 points there, so 0.042-0.062, the middle taken. CBS counts any paid work of the retired (small jobs, self-employment) as employed, the employees' mean retirement age (retirement section) does not see it. 85267NED 2023Q3-2024Q1 (70-75: 9.9-10.0%, new method, national, after the calibration window) is compared in docs/odd.md, not fitted",
        "Share of those retiring from a job at or past the pension age who keep paid work outside the model's occupation markets (small jobs, self-employment of the retired): employed in CBS's sense (employed, unemployment_rate, net_participation_rate), holding no job in the markets; the work ends at retirement.rate_after_pension_age_per_year, or at 75.")

# ---------------------------------------------------------------------- education
declare("education", "final_level_shares", [0.08, 0.14, 0.13, 0.21, 0.27, 0.17], "shares", 0.0, 1.0,
        "assumption (CBS onderwijsniveau of 25-34-year-olds in the Randstad, not in snapshot)",
        "Highest level a school cohort reaches: entry/MBO-1, MBO-2, MBO-3, MBO-4, HBO, WO.", kind="list")
declare("education", "technical_share_mbo", 0.202, "share", 0.0, 1.0,
        "DUO: 13,547 of 67,215 MBO students at NH-seated institutions in technical domains, 1 Oct 2017",
        "Share of MBO students who choose a technical programme.", by_year=True, plausible=(0.16, 0.24))
declare("education", "technical_share_higher", 0.17, "share", 0.0, 1.0,
        "assumption (HBO/WO engineering and ICT share; DUO HO data not in snapshot)",
        "Share of HBO/WO students in technical or ICT fields.")
declare("education", "work_based_share_technical", 0.389, "share", 0.0, 1.0,
        "DUO: 5,269 of 13,547 technical MBO students in BBL at NH institutions, 1 Oct 2017",
        "Share of technical MBO students in the work-based route (BBL).")
declare("education", "work_based_retention", 0.88, "share", 0.0, 1.0,
        "CBS Statistische Trends 2019 (mbo_school_leavers_and_working_students_nl.csv): 88% of BBL leavers 2012/13 were working directly after leaving",
        "Probability that a BBL leaver is kept by a firm of their field on leaving (into an open vacancy of their field and region, if there is one).")
declare("education", "direct_hire_share", 0.67, "share", 0.0, 1.0,
        "CBS Statistische Trends 2019: 67% of BOL leavers 2012/13 were working directly after leaving; applied to HBO/WO leavers too (assumption: no HBO/WO figure in the snapshot)",
        "Probability that a school leaver outside the work-based route (with a field) is hired straight from school, into an open vacancy of their field and region if there is one.")
declare("education", "working_student_share", 0.62, "share", 0.0, 1.0,
        "CBS quarterly EBB release via nu.nl (mbo_school_leavers_and_working_students_nl.csv): 61.4% (2019Q2) and 62.0% (2019Q3) of 15-25-year-olds in education had paid work; the model's students are 15-21 (69.4% at 15-27, Jeugdmonitor 2022, includes older students)",
        "Share of persons in initial education with a paid side job; CBS counts them as employed (employed, unemployment_rate and net_participation_rate include them).")
declare("education", "mbo_dropout_share", 0.15, "share", 0.0, 0.6,
        "assumption (DUO early school leaving about 5% a year in MBO, over three years)",
        "Share of MBO entrants who leave without a diploma (they enter the labour market at entry level, no field).")
declare("education", "course_length_months", [12, 24, 36, 36, 60, 78], "months", 6, 84,
        "nominal lengths: MBO-1 one year, MBO-2 two, MBO-3/4 three, each from 16 (after the four years of VMBO from 12); HBO four years after HAVO (five years from 12, so from 17): 16 + 5 years; WO a three-year bachelor and a one- or two-year master (1.5 on average) after VWO (six years from 12, so from 18): 16 + 6.5 years. Before issue 14's fit HBO and WO were counted from 16 (48 and 60 months), so HBO leavers left at 20 and WO leavers at 21 and only 41% of 15-25-year-olds were in education, against CBS Jeugdmonitor 2019: 67% of 15-27-year-olds (mbo_school_leavers_and_working_students_nl.csv). study delay is added on top (education.study_delay_share)",
        "Months from age 16 to the end of initial education, by final level (the final programme plus, for HBO and WO, the remaining HAVO/VWO years); school leavers leave at 16 plus this.", kind="list")
declare("education", "study_delay_share", 0.4, "ratio", 0.0, 1.5,
        "assumption, checked against CBS (mbo_school_leavers_and_working_students_nl.csv): without a delay only 45.6% of the model's 15-25-year-olds and 37.6% of its 15-27-year-olds were in education (baseline seed 0, scale 0.05, end of June 2018), against CBS Jeugdmonitor 2022 table 6.1: 66.6% of 15-27-year-olds in 2019 (1,704k of 2,559k) and 82915NED 2017: 918k of the 1,300k employed 15-25-year-olds in formal education; 0.4 puts 58.7% of 15-25 and 49.3% of 15-27 in education (same run) (average leaving age HBO 23, WO 25.1). Not higher: CBS's 15-25 split of 2019 (61.7% of students and 79.1% of others employed, 70.15% of men in all) implies about 51% at 15-25; the higher Jeugdmonitor share includes part-time study, which the model does not have",
        "Study delay (repeated years, switches, MBO-HBO stacking, gap years): each person's initial education lasts their nominal course_length_months plus a delay drawn uniformly between 0 and 2 x this share of it (mean: this share); drop-outs have none.",
        plausible=(0.0, 0.8))
declare("education", "campus_capacity_slack", 1.15, "ratio", 1.0, 3.0,
        "assumption: campuses can take 15% more technical entrants than their 2017 intake",
        "Technical intake capacity of each MBO institution relative to its 2017 technical intake.")

# ------------------------------------------------------------------------- demand
declare("demand", "open_vacancies_start", 52_000, "vacancies", 10_000, 200_000,
        "review §2: about 52,000 open vacancies in Q3 2017 (CBS 83599NED: 43,000 at end Q4 2017)",
        "Open vacancies at the start.", kind="int")
declare("demand", "technical_vacancy_share_start", 0.28, "share", 0.0, 1.0,
        "UWV: 61k of 219k Dutch vacancies (28%) were in technical occupations in 2017 (uwv and CBS 83599NED rows in the snapshot)",
        "Share of the start's open vacancies that are in technical groups (technical segments and ICT).")
declare("demand", "technical_demand_growth_per_year", {2018: 0.011, 2020: 0.0065, 2021: 0.009}, "1/year",
        -0.15, 0.15,
        "set by hand so the shortfall averages the review's ~1,400 a year over 2018-2020 (review §1) before calibration; the baseline uses instead the fitted 2018-2020 value in calibration/calibrated.toml, carried forward from 2021 as the central demand path (the 'nothing changes' projection; calibration/demand_paths.toml, docs/calibration.md 'The central demand path'), so the 2020 and 2021 entries here are used only by runs without the calibration overlay (0.9% from 2021: an assumption without a source of its own); below total job growth (CBS Regionale economie: NH labour years +4.1% 2018, +2.3-2.8% 2019) because the model's technical jobs are those firms want filled, not all hours worked",
        "Growth of the number of technical jobs firms want filled.", by_year=True, plausible=(-0.01, 0.05))
declare("demand", "other_demand_growth_per_year", {2018: 0.012, 2020: 0.004, 2021: 0.008}, "1/year",
        -0.15, 0.15,
        "hand-tuned below CBS Regionale economie labour-year growth (NH +4.1% 2018, +2.3-2.8% 2019; NL +0.6% 2020) so employment grows about 0.5-1% a year as the model's labour supply allows; after 2021 assumption",
        "Growth of the number of non-technical jobs firms want filled.", by_year=True, plausible=(0.0, 0.02))
declare("demand", "layoff_rate_when_over_demand_per_month", 0.10, "1/month", 0.0, 1.0,
        "assumption", "When a market's employment exceeds the jobs firms want, this share of the excess is laid off each month.")

# -------------------------------------------------------------------------- firms
# Firms adapt to vacancies they cannot fill (issue 15 item 3; model/firms.py, docs/odd.md
# section 7 "Firms adapt"). No source in the snapshot gives vacancy durations in technical
# occupations (shared/data/PROVENANCE.md, "Searched but not found"); the durations are
# assumptions with plausible ranges wide enough for the calibration to treat them as uncertain.
declare("firms", "requirements_review_months", 6, "months", 1, 60,
        "assumption: twice the 3 months after which a vacancy counts as hard to fill (issue 2); CBS 80472ned 2018 (open vacancies 248.3k on average, 1,146k filled in the year) gives a mean time to fill of about 2.6 months; no source gives vacancy durations in technical occupations (PROVENANCE.md)",
        "Months a vacancy is open before its firm reviews it once: lower its requirements (lower_requirements_share) or keep them and wait.",
        kind="int", plausible=(4, 12))
declare("firms", "lower_requirements_share", 0.46, "share", 0.0, 1.0,
        "UWV werkgeversonderzoek 2022 (shared/data/nh_unemployment_and_technical_vacancies.csv): 46% of employers with hard-to-fill vacancies hired someone who did not fully meet the requirements and trained them internally (32% adjusted their requirements); an employers' share applied to vacancies (simplification, docs/odd.md)",
        "Probability that a firm reviewing a long-open vacancy lowers its requirements (hires below them and trains).",
        plausible=(0.32, 0.6))
declare("firms", "lowered_requirements_fit_power", 0.5, "ratio", 0.0, 1.0,
        "assumption: how far the requirements are lowered is not in any source; 0.5 takes the square root of the regular fit (a skill closeness of 0.25 counts as 0.5)",
        "Power on the requirement part of the suitability (closeness ** cross_group_penalty x education_mismatch_factor ** levels short) for a vacancy with lowered requirements: 1 = not lowered, 0 = requirements waived.",
        plausible=(0.1, 0.9))
declare("firms", "withdrawal_months", 12, "months", 2, 120,
        "assumption: UWV werkgeversonderzoek 2022 (nh_unemployment_and_technical_vacancies.csv): 87% of employers with hard-to-fill vacancies leave them open longer, 42% redistribute the work; a year is about 4.6 times the mean time to fill of 2.6 months (CBS 80472ned 2018); no source gives how long vacancies stay open before they are given up",
        "Months after which a vacancy still open is withdrawn and its job given up (the market's desired jobs fall by one).",
        kind="int", plausible=(6, 24))

# -------------------------------------------------------------------- separations
declare("separations", "separation_rate_per_month", 0.0040, "1/month", 0.0, 0.05,
        "CBS 82848NED (April 2024, s.a.): 116k of 9,814k employed became unemployed in three months (1.18%)",
        "Monthly probability that an employed person loses the job and becomes unemployed.", plausible=(0.002, 0.008))
declare("separations", "quit_to_inactivity_rate_per_month", 0.0030, "1/month", 0.0, 0.05,
        "CBS 82848NED (April 2024, s.a.): 209k of 9,814k employed left the labour force in three months (2.1%), less pension exits",
        "Monthly probability that an employed person below pension age leaves the labour force.", plausible=(0.001, 0.008))
declare("separations", "on_the_job_search_share_per_month", 0.06, "share", 0.0, 0.5,
        "hand-tuned so job-to-job moves are about 1.3-1.6% of employees a month (CBS: 4.7% per quarter in 2022, 3.8% in 2025Q2)",
        "Share of the employed who apply for another job in a month.", plausible=(0.02, 0.15))
declare("separations", "on_the_job_search_age_factors", [2.4, 1.0, 0.45], "ratio", 0.0, 10.0,
        "CBS news 2019/12 (occupation_change_nl.csv): of those employed in both 2017 and 2018, 31.4% of 15-25-year-olds and 5.9% of those 45+ changed job; 25-45 'more than twice' 45+ (taken as 13%): 31.4/13 and 5.9/13",
        "Relative on-the-job search share at ages below 25, 25-44 and 45 and over (multiplies on_the_job_search_share_per_month).", kind="list")
declare("separations", "separation_tension_elasticity", 1.5, "ratio", 0.0, 5.0,
        "hand-tuned (issue 14): not identified by the snapshot (no NL flow series before 2022); set so that in scenarios/history.toml the 2020 fall of the national vacancy series (80472ned, -21%) raises NH unemployment and the 2021-2022 rise lowers it (docs/odd.md)",
        "Elasticity of the separation rate with respect to the tension (open vacancies per unemployed, Noord-Holland) relative to its mean over the previous tension_memory_months months: rate x ratio ** -elasticity.", plausible=(0.5, 3.0))
declare("separations", "on_the_job_search_tension_elasticity", 0.5, "ratio", 0.0, 5.0,
        "derived (issue 14): CBS 80472ned 1998-2019, filled vacancies rise with open vacancies with a log-log slope of about 0.6 (annual series); about half of it put on on-the-job search (assumption: the rest comes from the vacancies themselves)",
        "Elasticity of the on-the-job search share with respect to the same tension ratio.")
declare("separations", "tension_memory_months", 12, "months", 1, 60,
        "assumption (issue 14): a year, so that the ratio reads the cycle, not the decade's trend",
        "Months of past tension whose mean the current tension is compared with.", kind="int")

# ----------------------------------------------------------------------- matching
declare("matching", "unemployed_search_probability", 0.85, "share", 0.0, 1.0,
        "hand-tuned to CBS 82848NED: 39% of the unemployed are employed three months later",
        "Monthly probability that a short-term unemployed person applies for a job.", plausible=(0.4, 1.0))
declare("matching", "search_decay_per_year_unemployed", 0.35, "1/year", 0.0, 3.0,
        "assumption (search effort and employability fall with unemployment duration)",
        "Relative fall of search probability per year of unemployment.")
declare("matching", "inactive_search_probability", 0.10, "share", 0.0, 0.3,
        "hand-tuned so the inactive below pension age take about 1.5-2% a month of hires from outside work, in the range of CBS 82848NED (April 2024: 178k of 3,191k outside the labour force employed three months later, 5.6%)",
        "Monthly probability that an inactive person below pension age applies for a job.", plausible=(0.02, 0.2))
declare("matching", "hire_probability_perfect_fit", 0.55, "share", 0.0, 1.0,
        "hand-tuned with unemployed_search_probability to the U-to-E rate (CBS 82848NED)",
        "Probability that a firm finds an applicant from its own occupation group suitable.", plausible=(0.25, 0.95))
declare("matching", "cross_group_penalty", 0.3, "ratio", 0.0, 5.0,
        "hand-tuned start value (issue 14; 1.0 before, an assumption) so occupation change reaches CBS 83119NED's range; the baseline uses the fitted value in calibration/calibrated.toml",
        "Exponent on skill closeness in the firm's suitability test: suitability = closeness ** penalty.", plausible=(0.1, 1.5))
declare("matching", "mobility_scale", 4.0, "ratio", 0.1, 10.0,
        "hand-tuned start value (issue 14) so occupation change reaches CBS 83119NED's range (1.0 = the assumed table gave 1% a year against CBS's 15%); the baseline uses the fitted value in calibration/calibrated.toml",
        "Multiplies every cross-group skill closeness of structure.MOBILITY (capped at 1) in job search and the suitability test; 1 = the table as written.", plausible=(1.0, 8.0))
declare("matching", "age45_hire_factor", 0.75, "ratio", 0.0, 1.0,
        "assumption (firms' preference against 45+ applicants, review §5 on 45-plus inspiration days)",
        "Relative suitability firms give applicants aged 45 and over.")
declare("matching", "education_mismatch_factor", 0.5, "ratio", 0.0, 1.0,
        "assumption", "Relative suitability per education level an applicant lies below the level the group typically needs.")
declare("matching", "commute_cost", 1.6, "1/distance class", 0.0, 10.0,
        "assumption (most people work in their own region; CBS commuting tables not in snapshot)",
        "Application weight falls as exp(-commute_cost x distance class) between regions.")
declare("matching", "hard_to_fill_months", 3, "months", 1, 24,
        "issue 2 definition: a vacancy open more than 3 months is hard to fill",
        "Age above which an open vacancy counts as hard to fill.", kind="int")

# --------------------------------------------------------------------- retraining
# Training without a lever (model/retraining.py): the background the levers' deadweight comes from.
declare("retraining", "background_training_share_per_year", 0.025, "1/year", 0.0, 0.2,
        "CPB evaluation 2016 (via FTM, training_vouchers_stap_nl.csv): 1.7% of the lowest and 3.6% of the highest income group used the fiscal deduction for study costs in 2013 (the scheme before STAP); 2.5% taken between them",
        "Yearly probability that an employed or unemployed person aged 25 to a year before pension age starts a course without a lever.",
        plausible=(0.017, 0.036))  # plausible: CPB 2016's lowest and highest income group (1.7% and 3.6%)
declare("retraining", "background_same_group_share", 0.58, "share", 0.0, 1.0,
        "STAP 2022-2023 (UWV, training_vouchers_stap_nl.csv): 58% of applicants wanted to improve in their current job",
        "Share of background courses in the person's own occupation group (no change of labour-market state); the rest retrain for another group.",
        plausible=(0.43, 0.73))  # plausible: assumption, STAP's 58% +- 15 points (one survey of applicants' wishes, not of courses followed)
declare("retraining", "background_base_duration_months", 3, "months", 1, 24,
        "assumption (STAP's average grant of about EUR 800 buys short courses; no duration in the snapshot)",
        "Length of a background retraining between the closest groups.", kind="int")
declare("retraining", "background_distance_months", 6, "months", 0, 24,
        "assumption (as the sector plan's distance term, model/lever_parameters.py)",
        "Extra months of a background retraining at skill distance 1 (no overlap).", kind="int")
declare("retraining", "background_completion_share", 0.7, "share", 0.0, 1.0,
        "assumption (no completion rate of STAP or self-paid courses in the snapshot, PROVENANCE.md §15; near the sector plan's 205 of 300)",
        "Share of background retrainers who finish (the others drop out half way, as job seekers).")

# --------------------------------------------------------------------- inactivity
declare("inactivity", "unemployed_to_inactive_rate_per_month", 0.045, "1/month", 0.0, 0.5,
        "CBS 82848NED (April 2024, s.a.): 90k of 368k unemployed were outside the labour force three months later (24%), less those re-entering",
        "Monthly probability that an unemployed person stops searching (becomes inactive).", plausible=(0.02, 0.10))
declare("inactivity", "inactive_to_unemployed_rate_per_month", 0.011, "1/month", 0.0, 0.2,
        "CBS 82848NED (April 2024, s.a.): 123k of 3,191k outside the labour force were unemployed three months later (3.9%)",
        "Monthly probability that an inactive person below pension age starts searching.", plausible=(0.003, 0.03))
declare("inactivity", "long_term_inactive_months", 36, "months", 12, 120,
        "review §2: the structural group includes people more than 3 years without work",
        "Months outside work after which a person counts as long-term inactive (inclusion target group).", kind="int")


PARAMETERS: tuple[Param, ...] = tuple(_P)
BY_KEY: dict[str, Param] = {p.key: p for p in PARAMETERS}
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(p.section for p in PARAMETERS))

from skillsim.model.lever_parameters import LEVER_PARAMETERS  # noqa: E402
PARAMETERS = PARAMETERS + LEVER_PARAMETERS; BY_KEY = {p.key: p for p in PARAMETERS}; SECTIONS = tuple(dict.fromkeys(p.section for p in PARAMETERS))


def defaults() -> dict[str, dict[str, Any]]:
    """All defaults as a nested dict section -> name -> value."""
    out: dict[str, dict[str, Any]] = {}
    for p in PARAMETERS:
        out.setdefault(p.section, {})[p.name] = p.default
    return out
