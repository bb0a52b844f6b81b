"""Parameters of the policy levers (model/levers/), declared like model/parameters.py:
name with unit, default, allowed range, source, and Dutch/English labels for the
dashboard's sliders. Defaults are the policy as in 2018, carried forward as planned (the
baseline); "review §N" = the province's mid-term review 2018 (shared/seed, DIGEST.md).

Counts (capacity, intake) and money (budget, cost) are at full population scale; the
levers scale them by the run's scale. A lever is built only if `enabled` is true and its
`budget_eur` is above zero: otherwise it draws nothing and the run is bit-identical to a
run without it.

Years: `start_year` is the first year of intake (from 1 January), `end_year` the last
(to 31 December). When a run starts after `start_year`, the share of capacity and budget
that belongs to the months before the run is taken as already used (pro rata).
"""

from __future__ import annotations

from skillsim.model.declarations import Param

_L: list[Param] = []


def _d(section, name, default, unit, low, high, source, doc, lever, nl, en, **kw):
    _L.append(Param(section, name, default, unit, low, high, source, doc, lever=lever, label_nl=nl, label_en=en, **kw))


def _life_cycle(section, lever, title_nl, title_en, enabled, start, end, budget, budget_source, start_source, end_source):
    _d(section, "enabled", enabled, "bool", None, None, "baseline policy (review §1 agenda 2016-2019)" if enabled
       else "not in the 2018 policy (review §5: 'coming')", f"Switch for {title_en}.", lever,
       f"{title_nl} aan", f"{title_en} on", kind="bool")
    _d(section, "start_year", start, "year", 2010, 2040, start_source, "First year of intake (from 1 January).", lever,
       f"{title_nl}: startjaar", f"{title_en}: start year", kind="int")
    _d(section, "end_year", end, "year", 2010, 2040, end_source, "Last year of intake (to 31 December).", lever,
       f"{title_nl}: eindjaar", f"{title_en}: end year", kind="int")
    _d(section, "budget_eur", budget, "EUR", 0, 1e9, budget_source,
       "Total budget over the lever's life; no new participants (or campuses, events) once it is spent; 0 switches the lever off.",
       lever, f"{title_nl}: budget (EUR)", f"{title_en}: budget (EUR)")


# ============================================================ family 1: campuses
C = "campuses"
_life_cycle("campuses", C, "MBO-techniekcampussen", "MBO technical campuses", True, 2015, 2030, 25_000_000,
            "derived: 10 campuses x 4 years x EUR 470,000 public co-funding plus margin (review annex 1: EUR 0.61M provincial unlocked EUR 9.3M RIF-MBO for 7 projects, 2016-2018)",
            "review §3: first new campus 2015", "assumption: campuses are carried forward to the end of the horizon")
_d("campuses", "campuses_2015_2018", 4, "campuses", 0, 20, "review §3: 4 new MBO technology campuses between 2015 and May 2018",
   "Campuses founded 2015-2018, one a year in turn (Techport IJmond 2015, Tech@Connect Den Helder 2016, AgriTech Hoorn 2017, Hilversum 2018).",
   C, "Campussen opgericht 2015-2018", "Campuses founded 2015-2018", kind="int")
_d("campuses", "campuses_from_2019", 6, "campuses", 0, 40,
   "review §3: target 10 campuses in 2019, more than 10 expected after 2019 (4 + 6 = 10)",
   "Further campuses founded from 2019, two a year, in the regions in turn.", C,
   "Nieuwe campussen vanaf 2019", "New campuses from 2019", kind="int")
_d("campuses", "intake_seats_per_campus_per_year", 120, "persons/year", 0, 2000,
   "assumption (a campus of 2+ MBO schools and 4+ firms adds about one to two technical classes a year; review §3 gives no seat count)",
   "Extra technical MBO intake capacity a campus adds in its region, split over technical groups as DUO 2017 enrolment.",
   C, "Extra instroomplaatsen per campus per jaar", "Extra intake seats per campus per year")
_d("campuses", "retraining_seats_per_campus_per_year", 20, "persons/year", 0, 1000,
   "assumption (review §5: campuses are positioned as suppliers of retraining; no seat count given)",
   "Retraining places a campus offers adults (unemployed or in non-technical work) in its region.", C,
   "Omscholingsplaatsen per campus per jaar", "Retraining seats per campus per year")
_d("campuses", "retraining_cost_eur_per_participant", 4_000, "EUR/person", 0, 100_000,
   "assumption (between the sector plan's EUR 5,800 and House of Skills' EUR 2,200 per participant, review §5)",
   "Public cost of one campus retraining participant.", C, "Kosten omscholing per deelnemer (EUR)", "Retraining cost per participant (EUR)")
_d("campuses", "technical_choice_raise_per_campus", 0.005, "share", 0.0, 0.05,
   "assumption (review §3 rationale: campuses make technical programmes visible; size unknown, range 0-5 points)",
   "Rise in the share of a region's new MBO entrants choosing a technical programme, per open campus in the region.",
   C, "Extra keuze techniek per campus (aandeel)", "Raise in technical choice per campus (share)")
_d("campuses", "cofunding_years", 4, "years", 1, 10,
   "review §3: public-private funding was assumed to become self-sustaining after 4 years",
   "Years of public co-funding after a campus is founded.", C, "Jaren publieke cofinanciering", "Years of public co-funding", kind="int")
_d("campuses", "cofunding_eur_per_campus_per_year", 470_000, "EUR/year", 0, 5_000_000,
   "derived: review annex 1, (EUR 0.61M provincial + 9.3M RIF-MBO) / 7 projects / 3 years (2016-2018)",
   "Public co-funding of one campus per year during its co-funding years.", C,
   "Cofinanciering per campus per jaar (EUR)", "Co-funding per campus per year (EUR)")
_d("campuses", "continue_probability", 0.5, "probability", 0.0, 1.0,
   "assumption; review §3: self-sustaining funding after 4 years often did not come about",
   "Probability that a campus continues at full size when its co-funding ends.", C,
   "Kans dat campus zelfstandig doorgaat", "Probability a campus continues on its own")
_d("campuses", "shrink_factor_if_not_continued", 0.5, "ratio", 0.0, 1.0,
   "assumption (0 = the campus closes)", "Share of its seats a campus keeps when it does not find its own funding.",
   C, "Krimpfactor zonder eigen financiering", "Shrink factor without own funding")

P = "pet"
_life_cycle("pet", C, "Techniekpromotie (PET)", "Technology promotion events (PET)", True, 2016, 2030, 2_000_000,
            "assumption (budget not given in review §3; covers the events to 2030 at the default cost)",
            "review §3: 5 events in 2016", "assumption: carried forward by the campuses (7 of 10 run a PET, review §3)")
_d("pet", "events_per_year", {2016: 5, 2017: 6, 2018: 7}, "events/year", 0, 50,
   "review §3: 5 events in 2016, 6 in 2017, 7 regions (7 a year from 2018: assumption)",
   "Technology promotion events for primary pupils per year.", C, "Evenementen per jaar", "Events per year", by_year=True)
_d("pet", "pupils_per_event", 1_600, "pupils/event", 800, 2_400, "review §3: 800-2,400 primary pupils per event (midpoint)",
   "Primary pupils reached per event.", C, "Leerlingen per evenement", "Pupils per event", kind="int")
_d("pet", "delay_years", 4, "years", 2, 8,
   "assumption: pupils in groups 6-8 (age 10-12) choose an MBO programme at 15-16",
   "Years between the event and the reached pupils' choice of programme.", C, "Vertraging (jaren)", "Delay (years)", kind="int")
_d("pet", "technical_choice_raise_per_reached_pupil", 0.01, "share", 0.0, 0.1,
   "assumption (effect of a single event on a later choice is small and unmeasured; honest range 0-10 points)",
   "Rise in the probability that a reached pupil later chooses a technical MBO programme.", C,
   "Effect per bereikte leerling", "Effect per reached pupil")
_d("pet", "cost_eur_per_event", 25_000, "EUR/event", 0, 500_000, "assumption (not given in review §3)",
   "Public cost of one event.", C, "Kosten per evenement (EUR)", "Cost per event (EUR)")

# ======================================================== family 2: work-to-work
W = "work-to-work"


def _funnel(section, title_nl, title_en, capacity, cap_src, candidates, cand_src, accept, accept_src, completion,
            comp_src, cost, cost_src, base_months=6, months_src="assumption (MBO-level retraining of 6-18 months)",
            job_seeker_share=0.7, js_src="assumption (review §5: working and job-seeking people)", elasticity=1.0,
            el_src="assumption (review §5: as the economy improved, fewer candidates came)", distance_months=12,
            support=(2.0, "assumption (no placement rate per programme in the snapshot, PROVENANCE.md §15)"),
            deadweight=(0.3, "assumption (no deadweight evaluation of the programme in the snapshot, PROVENANCE.md §15)"),
            technical_share=None):
    _d(section, "capacity_persons", capacity, "persons", 0, 1_000_000, cap_src,
       "Funded places: participants who can start over the lever's life.", W,
       f"{title_nl}: gefinancierde plaatsen", f"{title_en}: funded places")
    _d(section, "candidates_per_month", candidates, "persons/month", 0, 100_000, cand_src,
       "Candidates taken in for selection per month at the unemployment of the lever's start.", W,
       f"{title_nl}: kandidaten per maand", f"{title_en}: candidates per month")
    _d(section, "candidate_unemployment_elasticity", elasticity, "ratio", 0.0, 3.0, el_src,
       "Candidates scale with (unemployed in the lever's regions now / at its start) to this power.", W,
       f"{title_nl}: gevoeligheid voor werkloosheid", f"{title_en}: sensitivity to unemployment")
    _d(section, "job_seeker_share_of_candidates", job_seeker_share, "share", 0.0, 1.0, js_src,
       "Share of candidates who are unemployed; the rest work in a non-technical group.", W,
       f"{title_nl}: aandeel werkzoekenden", f"{title_en}: share job seekers")
    _d(section, "acceptance_share", accept, "share", 0.0, 1.0, accept_src,
       "Share of candidates who start a trajectory.", W, f"{title_nl}: aandeel gestart", f"{title_en}: share accepted")
    _d(section, "completion_share", completion, "share", 0.0, 1.0, comp_src,
       "Share of starters who finish (the others drop out half way, as job seekers).", W,
       f"{title_nl}: aandeel afgerond", f"{title_en}: completion share")
    _d(section, "base_duration_months", base_months, "months", 1, 48, months_src,
       "Retraining length for a move between the closest groups.", W,
       f"{title_nl}: basisduur (maanden)", f"{title_en}: base duration (months)", kind="int")
    _d(section, "distance_months", distance_months, "months", 0, 48,
       "assumption: duration grows with skill distance 1 - structure.MOBILITY (review §5: each candidate needed more training)",
       "Extra months of retraining at skill distance 1 (no overlap).", W,
       f"{title_nl}: extra duur bij grote afstand", f"{title_en}: extra months at full distance", kind="int")
    _d(section, "placement_support_factor", support[0], "ratio", 1.0, 5.0, support[1],
       "Placement support: matching multiplies the suitability of the programme's finishers by this factor "
       "(capped at 1) in the vacancies they apply to, for placement_support_months after finishing; 1 = no support.", W,
       f"{title_nl}: voorrang bij plaatsing (factor)", f"{title_en}: placement support (factor)")
    _d(section, "placement_support_months", 6, "months", 0, 24,
       "assumption (job coaching after the course; no duration in review §5)",
       "Months after finishing in which the programme's placement support applies.", W,
       f"{title_nl}: duur plaatsingssteun (maanden)", f"{title_en}: placement support (months)", kind="int")
    # plausible: assumption, the default +- 0.2 (no deadweight evaluation of any programme in the
    # snapshot, PROVENANCE.md §15); the calibration carries it as a prior draw (docs/calibration.md)
    _d(section, "deadweight_share", deadweight[0], "share", 0.0, 1.0, deadweight[1],
       "Share of participants who would have trained anyway: taken from the month's background trainees "
       "(model/retraining.py), so they add nothing to the number trained.", W,
       f"{title_nl}: aandeel dat toch was gaan leren", f"{title_en}: deadweight share",
       plausible=(round(max(0.0, deadweight[0] - 0.2), 6), round(min(1.0, deadweight[0] + 0.2), 6)))
    if technical_share is not None:
        _d(section, "technical_target_share", technical_share[0], "share", 0.0, 1.0, technical_share[1],
           "Share of participants retrained for a technical group; the others for a non-technical group at MBO level. "
           "Within each, the group is drawn by the open vacancies in the participant's region.", W,
           f"{title_nl}: aandeel naar techniek", f"{title_en}: technical share of targets")
    _d(section, "cost_eur_per_participant", cost, "EUR/person", 0, 100_000, cost_src,
       "Public and employer cost per starter, charged at the start.", W,
       f"{title_nl}: kosten per deelnemer (EUR)", f"{title_en}: cost per participant (EUR)")


_life_cycle("house_of_skills", W, "House of Skills", "House of Skills", True, 2018, 2021, 11_000_000,
            "review §5: about EUR 11 million (EU funds, firms, MRA governments)", "review §5 (programme of 2018)",
            "review §5: 5,000 people by 2021")
_funnel("house_of_skills", "House of Skills", "House of Skills", 5_000, "review §5: at least 5,000 working and job-seeking people by 2021",
        200, "hand-tuned so the funded 5,000 places fill by 2021 at the defaults (review §5)",
        0.5, "assumption (the sector plan took 1 in 3.6, review §5; House of Skills selects at the firm's request)",
        0.85, "assumption (MBO-level modules of working people finish more often than the sector plan's trajectories)",
        2_200, "derived: review §5, EUR 11 million / 5,000 people", elasticity=0.5,
        support=(2.0, "assumption (review §5: network managers inventory firms' training needs, so finishers are trained for firms that want them; size unknown)"),
        deadweight=(0.3, "assumption (no deadweight evaluation of House of Skills in the snapshot, PROVENANCE.md §15; its participants are partly workers firms would have trained anyway)"),
        technical_share=(0.6, "assumption (review §5: 'made fit for firms' demand' at MBO level across sectors; technical-heavy, share not given)"))
_life_cycle("sector_plan", W, "Sectorplan NHN", "Sector plan NHN", True, 2016, 2018, 1_745_000,
            "review §5: EUR 1.745 million in total (half firms, half national subsidy)",
            "assumption: intake from January 2016 (start not given in review §5)",
            "review §5: more than 80% spent by May 2018; intake ends in 2018")
_funnel("sector_plan", "Sectorplan NHN", "Sector plan NHN", 300, "review §5: target 300 people",
        48, "hand-tuned so 154 finish by 1 May 2018 at the defaults (review §5)",
        0.28, "derived: review §5, 300 starts for more than 5 x 205 finished = about 1,070 candidates",
        0.683, "derived: review §5, 205 of 300 trajectories finished eventually",
        5_817, "derived: review §5, EUR 1.745 million / 300 places",
        base_months=3, months_src="hand-tuned with candidates_per_month to 154 finished by 1 May 2018 (review §5)",
        elasticity=0.5, distance_months=6,
        support=(3.0, "assumption (review §5: about 160 of 154 finished by May 2018 found other work, with some 70 employers of Huis van het Werk taking part; calibrated: tests/test_source_checks.py)"),
        deadweight=(0.1, "assumption (review §5: an intake of more than 5 times the finishers was needed because many candidates could or would not retrain far enough: few would have retrained on their own)"))
_life_cycle("lifelong_learning", W, "Leven lang leren pilots NHZ", "Lifelong-learning pilots NHZ", True, 2018, 2019, 1_000_000,
            "assumption (budget not in review §5; 400 x EUR 2,500)", "review §5: pilots in 2018", "review §5: at least 400 people by 2019")
_funnel("lifelong_learning", "Leven lang leren", "Lifelong learning", 400, "review §5: 2 pilots, at least 400 people by 2019",
        40, "assumption: enough candidates to fill 400 places in two years", 0.5, "assumption", 0.8, "assumption",
        2_500, "assumption (not in review §5)",
        technical_share=(0.5, "assumption (review §5 gives no target groups for the pilots)"))
_life_cycle("learning_account", W, "Individuele leerrekening", "Individual learning account", False, 2022, 2030, 50_000_000,
            "assumption (scenario value)", "review §5: individual learning accounts are 'coming'", "assumption")
_funnel("learning_account", "Leerrekening", "Learning account", 100_000, "assumption (scenario value)",
        0, "not used: candidates come from the account's uptake (uptake_per_1000_eur_per_month)", 1.0,
        "every account holder who applies starts", 0.8, "assumption", 1_000,
        "scenario value: the account per person (EUR); STAP 2022 paid about EUR 800 a grant on average", elasticity=0.0,
        base_months=3, months_src="assumption (STAP's average grant of about EUR 800 buys short courses)", distance_months=6,
        support=(1.0, "no placement support: the participant chooses and finds work alone"),
        deadweight=(0.5, "assumption: no deadweight share of STAP was found (PROVENANCE.md §15); its predecessor, the fiscal deduction, was used twice as often by the highest as by the lowest income group (3.6% against 1.7%, CPB 2016), i.e. largely by people who train anyway"))
_d("learning_account", "uptake_per_1000_eur_per_month", 0.0023, "1/month per EUR 1,000", 0.0, 0.01,
   "derived: STAP 2022, more than 214,000 grants (a lower bound: the budget ran out) / 9.873 million NL labour force "
   "(CBS 85268NED, 2022Q2) = 2.2% a year = 0.0018 a month at about EUR 800 a grant, x 1,000 / 800",
   "Monthly probability that an eligible adult uses the account, per EUR 1,000 of account (the account lowers the cost barrier).",
   W, "Deelname per 1000 euro per maand", "Uptake per EUR 1,000 per month")
_d("learning_account", "same_group_share", 0.58, "share", 0.0, 1.0,
   "STAP 2022-2023 (UWV, training_vouchers_stap_nl.csv): 58% of applicants wanted to improve in their current job",
   "Share of participants who train in their own occupation group: a course beside their work (the unemployed: a short "
   "course in their own group); the others retrain for a group of their own choice.", W,
   "Aandeel dat zich verbetert in eigen beroep", "Share improving in their own occupation")
_life_cycle("inspiration_45plus", W, "45+ inspiratiedagen", "45-plus inspiration days", True, 2016, 2019, 400_000,
            "assumption (budget not in review §5; 8 events x EUR 50,000)", "review §5 (agenda 2016-2019)", "review §5 (agenda 2016-2019)")
_d("inspiration_45plus", "events_per_year", 2, "events/year", 0, 12, "assumption (review §5: more than 200 firms present themselves; count not given)",
   "Inspiration days per year.", W, "Inspiratiedagen per jaar", "Inspiration days per year", kind="int")
_d("inspiration_45plus", "hire_factor_raise", 0.03, "ratio", 0.0, 0.25,
   "assumption (firms meeting 45+ job seekers relax their age preference a little; size unknown)",
   "Rise of matching.age45_hire_factor while an event's effect lasts (capped at 1).", W,
   "Verhoging leeftijdsfactor 45+", "Raise of the 45+ hire factor")
_d("inspiration_45plus", "effect_months", 6, "months", 1, 36, "assumption", "How long an event's effect lasts.", W,
   "Duur effect (maanden)", "Effect duration (months)", kind="int")
_d("inspiration_45plus", "cost_eur_per_event", 50_000, "EUR/event", 0, 1_000_000, "assumption (not given in review §5)",
   "Cost of one inspiration day.", W, "Kosten per dag (EUR)", "Cost per day (EUR)")

# ============================================================ family 3: inclusion
I = "inclusion"


def _inclusion(section, title_nl, title_en, capacity, cap_src, per_month, pm_src, cost, cost_src):
    _d(section, "capacity_persons", capacity, "persons", 0, 1_000_000, cap_src, "Places over the lever's life.", I,
       f"{title_nl}: plaatsen", f"{title_en}: places")
    _d(section, "placements_per_month", per_month, "persons/month", 0, 10_000, pm_src,
       "People helped per month while places, budget and eligible people last.", I,
       f"{title_nl}: per maand", f"{title_en}: per month")
    _d(section, "cost_eur_per_participant", cost, "EUR/person", 0, 200_000, cost_src, "Public cost per person helped.", I,
       f"{title_nl}: kosten per deelnemer (EUR)", f"{title_en}: cost per participant (EUR)")


_life_cycle("jobs_200", I, "200-banenplan jeugdzorg", "200-jobs plan (youth care)", True, 2014, 2019, 3_450_000,
            "review §6: EUR 2 million for the first 273; extension at the same cost per person (assumption)",
            "review §6: since 2014", "review §6: extended to end 2018, another 200 trajectories expected to 2019")
_inclusion("jobs_200", "200-banenplan", "200-jobs plan", 473, "review §6: 273 helped by February 2018 plus 200 more expected to 2019",
           5.46, "derived: review §6, 273 helped from January 2014 to February 2018 (50 months)",
           7_326, "derived: review §6, EUR 2 million / 273 helped")
_life_cycle("airport_express", I, "New West Airport Express", "New West Airport Express", True, 2016, 2017, 200_000,
            "review §6: EUR 200,000", "assumption: the 2-year trajectory ran 2016-2017", "review §6: 2-year trajectory")
_inclusion("airport_express", "Airport Express", "Airport Express", 100, "review §6: more than 100 employed at Schiphol",
           4.2, "derived: review §6, 100 in 24 months", 2_000, "derived: review §6, EUR 200,000 / 100")
_life_cycle("social_return", I, "Social return", "Social return", True, 2016, 2019, 500_000,
            "assumption (coaching cost; the places themselves are a procurement condition, review §6)",
            "review §6: 2016-2019", "review §6: 2016-2019")
_inclusion("social_return", "Social return", "Social return", 100, "review §6: target 100 work-experience places, more than 100 reached 2016-2019",
           2.2, "derived: review §6, 100 places in 48 months, with margin", 5_000, "assumption (coaching per place)")
_life_cycle("groenstart", I, "Groenstart", "Groenstart", True, 2017, 2019, 300_000,
            "assumption (review annex 1: EUR 50,000 provincial co-funding within RIF-MBO)", "review annex 1 (RIF 2016-2018)",
            "assumption")
_inclusion("groenstart", "Groenstart", "Groenstart", 60, "assumption (a class of about 20 a year)",
           1.7, "assumption", 5_000, "assumption")
_d("groenstart", "extra_years", 2, "years", 1, 2, "review §6: 1-2 extra years to make MBO-2 reachable",
   "Extra years before the regular two-year MBO-2 course.", I, "Extra jaren", "Extra years", kind="int")

LEVER_PARAMETERS: tuple[Param, ...] = tuple(_L)
