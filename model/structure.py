"""The fixed structure of the model: regions, occupation groups, education levels,
sectors, and the matrices that connect them (skill mobility, commuting).

These are classifications and structural tables, not scenario parameters: a scenario
cannot change them. Each table says where its numbers come from. Where no published
figure was available, the table says "assumption" and docs/odd.md lists it among the
model's simplifications.
"""

from __future__ import annotations

import functools

import numpy as np

# --- Regions: the five labour-market regions (arbeidsmarktregio's) of Noord-Holland ---
REGIONS = (
    "Groot-Amsterdam",
    "Zaanstreek/Waterland",
    "Zuid-Kennemerland en IJmond",
    "Gooi en Vechtstreek",
    "Noord-Holland Noord",
)
PROVINCE = "Noord-Holland"
N_REGIONS = len(REGIONS)

# Population aged 15-74 by region, thousands. Zaanstreek/Waterland (251) and Gooi en
# Vechtstreek (190): CBS 83933NED, 2017. The other three are not in the data snapshot;
# they are an assumption from municipal population totals (about 0.73 of the total
# population is aged 15-74), scaled so the province sums to CBS's 2,149k (see
# population.population_15_74). Used as shares only.
REGION_POPULATION_15_74_THOUSANDS = np.array([828.0, 251.0, 400.0, 190.0, 480.0])
REGION_POPULATION_SHARE = REGION_POPULATION_15_74_THOUSANDS / REGION_POPULATION_15_74_THOUSANDS.sum()

# Commuting: relative attractiveness of a job in region j for a resident of region i.
# 1 at home; neighbouring regions less, distant ones least; Groot-Amsterdam draws
# commuters from everywhere. Assumption (CBS commuting tables are not in the snapshot);
# the overall cost is scaled by matching.commute_cost.
_NEIGHBOUR_DISTANCE = np.array(
    [  # GA   ZW   ZKIJ GV   NHN   (travel-distance class: 0 home, 1 neighbour, 2 far)
        [0, 1, 1, 1, 2],
        [1, 0, 1, 2, 1],
        [1, 1, 0, 2, 1],
        [1, 2, 2, 0, 2],
        [2, 1, 1, 2, 0],
    ]
)
COMMUTE_DISTANCE_CLASS = _NEIGHBOUR_DISTANCE

# --- Education levels (highest attained or being attained) ---
EDUCATION_LEVELS = ("entry/MBO-1", "MBO-2", "MBO-3", "MBO-4", "HBO", "WO")
N_EDUCATION = len(EDUCATION_LEVELS)
MBO_LEVELS = (0, 1, 2, 3)

# --- Occupation groups: CBS BRC 2014 occupation classes, with class 07 (technical)
# split into five segments and class 08 (ICT) kept whole. ---
OCCUPATION_GROUPS = (
    "pedagogical",                  # 01 Pedagogische beroepen
    "creative and linguistic",      # 02
    "commercial",                   # 03
    "business and administration",  # 04
    "managers",                     # 05
    "public administration, security, legal",  # 06
    "metal and machine mechanics",  # 07 split
    "electrical and installation",  # 07 split
    "construction and civil engineering",  # 07 split
    "process and food technology",  # 07 split
    "other technical",              # 07 split
    "ICT",                          # 08
    "agricultural",                 # 09
    "care and welfare",             # 10
    "services",                     # 11
    "transport and logistics",      # 12
    "other",                        # 13
)
N_OCCUPATIONS = len(OCCUPATION_GROUPS)
TECHNICAL = np.zeros(N_OCCUPATIONS, dtype=bool)
TECHNICAL[6:12] = True  # the five technical segments and ICT
TECHNICAL_GROUPS = tuple(np.flatnonzero(TECHNICAL))


def is_technical(group: np.ndarray) -> np.ndarray:
    """Whether occupation groups / study fields `group` are technical (-1, none: False)."""
    return (group >= 0) & TECHNICAL[np.maximum(group, 0)]

# Employment by BRC class, Netherlands 2017, thousands: CBS 83359NED (in
# calibration/data/cbs_employment_by_occupation_nl.csv). Class 07 (1,222k) is split into
# its five segments by assumed shares (0.20 metal/machine, 0.20 electrical/installation,
# 0.35 construction, 0.10 process/food, 0.15 other): BRC segment figures are not in the
# snapshot. Noord-Holland is given the national mix (no NH figures by occupation exist in
# the snapshot, PROVENANCE.md section 7); technical + ICT = 18.3% of employment, matching
# the source's "technology is more than 18% of the economy" (mid-term review 2018, §1).
_CLASS07 = 1222.0
EMPLOYMENT_NL_2017_THOUSANDS = np.array(
    [592, 210, 962, 1566, 415, 307,
     0.20 * _CLASS07, 0.20 * _CLASS07, 0.35 * _CLASS07, 0.10 * _CLASS07, 0.15 * _CLASS07,
     347, 188, 1207, 794, 610, 160],
    dtype=float,
)
OCCUPATION_SHARE = EMPLOYMENT_NL_2017_THOUSANDS / EMPLOYMENT_NL_2017_THOUSANDS.sum()

# Typical education of workers in each group (probabilities over EDUCATION_LEVELS).
# Assumption, in the spirit of CBS's ISCO skill levels by class (83359NED gives levels
# only for the whole economy: 9% level 1, 42% level 2, 17% level 3, 31% level 4).
OCCUPATION_EDUCATION = np.array(
    [
        [0.02, 0.05, 0.08, 0.15, 0.50, 0.20],  # pedagogical
        [0.02, 0.05, 0.08, 0.20, 0.40, 0.25],  # creative
        [0.05, 0.20, 0.20, 0.25, 0.20, 0.10],  # commercial
        [0.03, 0.10, 0.15, 0.27, 0.30, 0.15],  # business/admin
        [0.01, 0.04, 0.10, 0.20, 0.35, 0.30],  # managers
        [0.02, 0.08, 0.15, 0.25, 0.28, 0.22],  # public/legal
        [0.08, 0.25, 0.32, 0.25, 0.08, 0.02],  # metal/machine
        [0.06, 0.20, 0.32, 0.30, 0.10, 0.02],  # electrical/installation
        [0.10, 0.25, 0.30, 0.22, 0.10, 0.03],  # construction
        [0.12, 0.28, 0.28, 0.20, 0.10, 0.02],  # process/food
        [0.05, 0.12, 0.20, 0.28, 0.25, 0.10],  # other technical
        [0.01, 0.03, 0.08, 0.28, 0.38, 0.22],  # ICT
        [0.15, 0.30, 0.28, 0.17, 0.08, 0.02],  # agricultural
        [0.03, 0.12, 0.25, 0.35, 0.20, 0.05],  # care/welfare
        [0.18, 0.32, 0.25, 0.17, 0.06, 0.02],  # services
        [0.15, 0.35, 0.25, 0.17, 0.06, 0.02],  # transport/logistics
        [0.25, 0.30, 0.20, 0.15, 0.07, 0.03],  # other
    ]
)
OCCUPATION_EDUCATION /= OCCUPATION_EDUCATION.sum(axis=1, keepdims=True)

# --- Skill mobility matrix: MOBILITY[a, b] in [0, 1] is how close group b's skills are
# to group a's: 1 on the diagonal; 0.25-0.35 between technical segments; 0.10-0.15
# between technical and neighbouring manual groups (agriculture, transport, other);
# 0.10 between ICT and administration; 0.03 elsewhere. It weights job search across
# groups (matching) and sets how long retraining from a to b takes. Assumption,
# informed by CBS 83119NED (2019: 85% of those employed in both years kept their
# occupation), which the calibration checks.
_M = np.full((N_OCCUPATIONS, N_OCCUPATIONS), 0.03)
_tech_segments = [6, 7, 8, 9, 10]
for a in _tech_segments:
    for b in _tech_segments:
        _M[a, b] = 0.30
_M[6, 7] = _M[7, 6] = 0.35   # metal/machine <-> electrical
_M[6, 9] = _M[9, 6] = 0.35   # metal/machine <-> process
_M[8, 10] = _M[10, 8] = 0.25
for a in _tech_segments:
    for b in (12, 15, 16):    # agricultural, transport, other
        _M[a, b] = _M[b, a] = 0.12
_M[11, 3] = _M[3, 11] = 0.10  # ICT <-> business/admin
_M[11, 10] = _M[10, 11] = 0.15  # ICT <-> other technical
_M[11, 7] = _M[7, 11] = 0.10  # ICT <-> electrical
_M[2, 3] = _M[3, 2] = 0.15   # commercial <-> admin
_M[14, 2] = _M[2, 14] = 0.15  # services <-> commercial
_M[14, 15] = _M[15, 14] = 0.15  # services <-> transport
_M[16, 14] = _M[14, 16] = 0.15
np.fill_diagonal(_M, 1.0)
MOBILITY = _M

# Row for people with no occupation yet (school leavers without a field, long inactive):
# they can enter any group, at a low weight.
NO_OCCUPATION_MOBILITY = np.full(N_OCCUPATIONS, 0.12)

# --- Sectors of firms and the occupations they employ ---
SECTORS = (
    "industry",
    "construction",
    "information and communication",
    "trade, transport, hospitality",
    "business services",
    "public, education, care",
    "agriculture",
)
N_SECTORS = len(SECTORS)
# SECTOR_OF_OCCUPATION[s, o]: share of occupation o's jobs that sit in sector s.
# Assumption (CBS tables linking BRC occupation to SBI sector are not in the snapshot).
SECTOR_OF_OCCUPATION = np.array(
    [
        # ped  cre  com  adm  man  pub  met  ele  con  pro  oth  ict  agr  car  ser  tra  ovr
        [0.00, 0.05, 0.10, 0.15, 0.15, 0.02, 0.60, 0.30, 0.10, 0.70, 0.30, 0.10, 0.05, 0.00, 0.05, 0.15, 0.20],  # industry
        [0.00, 0.00, 0.02, 0.05, 0.08, 0.00, 0.15, 0.40, 0.75, 0.05, 0.15, 0.02, 0.02, 0.00, 0.02, 0.05, 0.15],  # construction
        [0.02, 0.30, 0.05, 0.05, 0.10, 0.02, 0.02, 0.05, 0.00, 0.00, 0.10, 0.55, 0.00, 0.00, 0.01, 0.02, 0.05],  # information/communication
        [0.01, 0.10, 0.55, 0.20, 0.25, 0.03, 0.15, 0.10, 0.05, 0.15, 0.15, 0.08, 0.03, 0.00, 0.50, 0.65, 0.30],  # trade/transport/hospitality
        [0.02, 0.35, 0.20, 0.35, 0.25, 0.25, 0.05, 0.10, 0.08, 0.05, 0.25, 0.20, 0.05, 0.05, 0.20, 0.08, 0.20],  # business services
        [0.95, 0.20, 0.08, 0.20, 0.17, 0.70, 0.03, 0.05, 0.02, 0.05, 0.05, 0.05, 0.05, 0.95, 0.22, 0.05, 0.05],  # public/education/care
        [0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.80, 0.00, 0.00, 0.00, 0.05],  # agriculture
    ]
)
SECTOR_OF_OCCUPATION /= SECTOR_OF_OCCUPATION.sum(axis=0, keepdims=True)

# Mean establishment size (employees) by sector, for the number of firms: assumption
# (CBS business register counts are not in the snapshot). Establishments with very few
# employees are merged into larger notional ones to keep the firm count modest.
MEAN_FIRM_SIZE = np.array([40.0, 15.0, 20.0, 15.0, 15.0, 60.0, 8.0])

# --- DUO MBO domains mapped to occupation groups (for school-leaver fields) ---
# Technical MBO enrolment of the 8 NH-seated institutions, 1 Oct 2017, by DUO domain
# (calibration/data/duo_mbo_enrolment_by_domain_nl_nh_2015_2019.csv): ICT 3,674;
# Techniek en procesindustrie 5,289; Bouw en infra 1,749; Afbouw, hout en onderhoud 395;
# Mobiliteit en voertuigen 1,766; Ambacht, laboratorium en gezondheidstechniek 674;
# total technical 13,547 of 67,215 students (20.2%), 38.9% of them in the work-based
# route (BBL). Techniek en procesindustrie is split over metal/machine (40%),
# electrical/installation (40%) and process/food (20%) by assumption; mobility and
# vehicles count as metal/machine; crafts and laboratory as other technical.
MBO_TECH_ENROLMENT_NH_2017 = {
    6: 0.40 * 5289 + 1766,
    7: 0.40 * 5289,
    8: 1749 + 395,
    9: 0.20 * 5289,
    10: 674,
    11: 3674,
}
MBO_TECH_SHARE_NH_2017 = 13547 / 67215
MBO_TECH_BBL_SHARE_NH_2017 = 5269 / 13547


@functools.cache
def technical_field_shares() -> np.ndarray:
    """Shares of technical MBO students by occupation group (sums to 1 over groups)."""
    shares = np.zeros(N_OCCUPATIONS)
    for group, students in MBO_TECH_ENROLMENT_NH_2017.items():
        shares[group] = students
    return shares / shares.sum()


@functools.cache
def non_technical_field_shares() -> np.ndarray:
    """Shares of non-technical school leavers' fields, in proportion to employment."""
    shares = np.where(TECHNICAL, 0.0, OCCUPATION_SHARE)
    return shares / shares.sum()


def market_index(region: np.ndarray | int, occupation: np.ndarray | int):
    """Index of the (work region, occupation group) market."""
    return region * N_OCCUPATIONS + occupation


N_MARKETS = N_REGIONS * N_OCCUPATIONS
MARKET_REGION = np.repeat(np.arange(N_REGIONS), N_OCCUPATIONS)
MARKET_OCCUPATION = np.tile(np.arange(N_OCCUPATIONS), N_REGIONS)
MARKET_TECHNICAL = TECHNICAL[MARKET_OCCUPATION]

# Education level a group's firms expect: the level at which a quarter of the group's
# workers have that level or lower (from OCCUPATION_EDUCATION). Applicants below it are
# less often found suitable (matching.education_mismatch_factor per level short).
REQUIRED_EDUCATION = (np.cumsum(OCCUPATION_EDUCATION, axis=1) < 0.25).sum(axis=1)

# --- Age structure at the start ---
# Population of the Netherlands on 1 January 2018 by broad age group, CBS 37296ned
# (calibration/data/population_by_age_nl_2018.csv): total 17,181,084; 20-40 4,253,083;
# 40-65 5,878,229; 65-80 2,460,202; 80+ 778,914; so below 20: 3,810,656. NH figures by age
# are not in the snapshot (PROVENANCE.md §17), so the national shape is used and scaled to
# Noord-Holland's 15-74 total (population.population_15_74). Below 65 every single year
# of a group gets the same number (the group's count / its width: the snapshot has no
# finer detail); in 65-80 the number falls linearly with age (mortality) from the 40-65
# level at 65, keeping the group's total, so the number reaching 75 rises smoothly as
# the large 40-65 cohorts age (no step at 65). docs/odd.md lists this simplification.
POPULATION_NL_2018_AGE_BANDS = ((0, 20, 3_810_656), (20, 40, 4_253_083), (40, 65, 5_878_229), (65, 80, 2_460_202))


def population_per_year_of_age_nl_2018(ages: np.ndarray) -> np.ndarray:
    """Persons per single year of age (national, 1 January 2018) for ages below 80."""
    ages = np.asarray(ages)
    out = np.zeros(ages.shape, dtype=float)
    for low, high, count in POPULATION_NL_2018_AGE_BANDS[:3]:
        out[(ages >= low) & (ages < high)] = count / (high - low)
    low, high, count = POPULATION_NL_2018_AGE_BANDS[3]
    at_65 = POPULATION_NL_2018_AGE_BANDS[2][2] / 25
    at_80 = 2 * count / (high - low) - at_65  # linear from at_65 to at_80 with mean count / 15
    old = (ages >= low) & (ages < high)
    out[old] = at_65 + (at_80 - at_65) * (ages[old] - low + 0.5) / (high - low)
    return out


# Age groups of the participation indicators (net_participation_rate.<low>-<high>),
# as CBS publishes them (85267NED, 85264NED): [low, high) in years.
PARTICIPATION_AGE_GROUPS = ((15, 25), (25, 35), (35, 45), (45, 55), (55, 60), (60, 65), (65, 70), (70, 75))
# Further groups CBS publishes for 2018-2019 (calibration/data/cbs_participation_by_age_nl.csv):
# 25-45 (CBS news 2025/12), 55-65 (RIVM/CBS, 2013 and 2022), age 65 (82914NED).
PARTICIPATION_CBS_COMPARISON_GROUPS = ((25, 45), (55, 65), (65, 66))
# Age groups of CBS 83119NED (occupation change between two years): [low, high).
OCCUPATION_CHANGE_AGE_GROUPS = ((15, 25), (25, 45), (45, 75))
