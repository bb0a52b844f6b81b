"""Labels in Dutch (default) and English. `t(key, lang)` returns the text; a key missing
in a language falls back to Dutch, so a new label never shows as a blank."""

from __future__ import annotations

from skillsim.compare.labels import PET_CAVEAT

TEXTS: dict[str, dict[str, str]] = {
    "title": {"nl": "Technisch tekort Noord-Holland: scenario's tot 2030",
              "en": "Technical shortfall Noord-Holland: scenarios to 2030"},
    "intro": {"nl": "Kies een scenario, verschuif een knop en klik op *Bereken*. De grafieken tonen het scenario "
                    "(rood) naast het basisscenario (grijs).",
              "en": "Pick a scenario, move a lever and click *Run*. The charts show the scenario (red) "
                    "next to the baseline (grey)."},
    "language": {"nl": "Taal", "en": "Language"},
    "mode": {"nl": "Werkwijze", "en": "Mode"},
    "mode_run": {"nl": "Nieuwe berekening", "en": "New run"},
    "mode_results": {"nl": "Bestaande resultaten", "en": "Stored results"},
    "scenario": {"nl": "Scenario", "en": "Scenario"},
    "no_scenarios": {"nl": "Geen scenariobestanden gevonden in {dir}.", "en": "No scenario files found in {dir}."},
    "levers": {"nl": "Knoppen", "en": "Levers"},
    "more_settings": {"nl": "Meer instellingen ({n})", "en": "More settings ({n})"},
    "reset": {"nl": "Terug naar scenario", "en": "Reset to scenario"},
    "run": {"nl": "Bereken", "en": "Run"},
    "running": {"nl": "Bezig met rekenen ...", "en": "Running ..."},
    "download": {"nl": "Download scenario (TOML)", "en": "Download scenario (TOML)"},
    "download_note": {"nl": "Het bestand draait met <code>skillsim run &lt;bestand&gt;.toml</code>.",
                      "en": "The file runs with <code>skillsim run &lt;file&gt;.toml</code>."},
    "scale_note": {"nl": "Snelle berekening: {n} runs (seeds {seeds}) op schaal {scale} (1 op {inv} personen "
                         "gesimuleerd; aantallen teruggeschaald naar de hele bevolking). {band}",
                   "en": "Quick run: {n} runs (seeds {seeds}) at scale {scale} (1 in {inv} persons simulated; "
                         "counts scaled back to the full population). {band}"},
    "stored_note": {"nl": "Opgeslagen resultaten uit {path}, scenario {name}: {n} seed(s), schaal {scale}. Niets is opnieuw berekend.",
                    "en": "Stored results from {path}, scenario {name}: {n} seed(s), scale {scale}. Nothing was rerun."},
    "unknown": {"nl": "onbekend", "en": "unknown"},
    "by_year_note": {"nl": "Jaartabel in het scenario: hier de waarde van het eerste jaar; verschuiven zet één "
                           "waarde voor alle jaren.",
                     "en": "By-year table in the scenario: shown is the first year's value; moving it sets one "
                           "value for all years."},
    "source": {"nl": "Bron", "en": "Source"},
    "reference_mark": {"nl": "bronwaarde", "en": "source figure"},
    "range": {"nl": "bereik", "en": "range"},
    "moved": {"nl": "aangepast", "en": "changed"},
    "results_file": {"nl": "Resultatenbestand", "en": "Results file"},
    "no_results": {"nl": "Geen results.parquet gevonden onder {dir}. Maak ze met `skillsim run`, een vergelijking of "
                         "een sweep.",
                   "en": "No results.parquet found under {dir}. Make them with `skillsim run`, a comparison or a sweep."},
    "open": {"nl": "Open", "en": "Open"},
    "no_reference": {"nl": "Dit bestand heeft geen 'baseline'-rijen: er is geen vergelijking.",
                     "en": "This file has no 'baseline' rows: there is no comparison."},
    "error": {"nl": "De berekening is mislukt: {msg}", "en": "The run failed: {msg}"},
    "error_results": {"nl": "Kan resultaten niet openen: {msg}", "en": "Cannot open results: {msg}"},
    "nothing_yet": {"nl": "Nog geen uitkomsten: klik op Bereken.", "en": "No results yet: click Run."},
    # charts
    "chart_annual": {"nl": "Technisch tekort per jaar", "en": "Technical shortfall per year"},
    "chart_cumulative": {"nl": "Technisch tekort, opgeteld sinds de start", "en": "Technical shortfall, cumulative since start"},
    "chart_unemployment": {"nl": "Werkloosheid (%)", "en": "Unemployment rate (%)"},
    "chart_tension": {"nl": "Spanning (vacatures per werkloze)", "en": "Tension (vacancies per unemployed)"},
    "chart_regions": {"nl": "Opgeteld technisch tekort in {year} per arbeidsmarktregio",
                      "en": "Cumulative technical shortfall in {year} by labour-market region"},
    "persons_per_year": {"nl": "personen per jaar", "en": "persons per year"},
    "persons": {"nl": "personen", "en": "persons"},
    "review_1400": {"nl": "TechniekRaad NH (evaluatie 2018): ca. 1.400 per jaar",
                    "en": "TechniekRaad NH (2018 review): about 1,400 a year"},
    "review_48": {"nl": "eind 2017: 4,8% (CBS)", "en": "end 2017: 4.8% (CBS)"},
    "band_def": {"nl": "Band = 10e tot 90e percentiel over de runs; lijn = gemiddelde.",
                 "en": "Band = 10th to 90th percentile over the runs; line = mean."},
    # table
    "table_title": {"nl": "Uitkomsten in {year}", "en": "Results in {year}"},
    "figure": {"nl": "Uitkomst", "en": "Figure"},
    "difference": {"nl": "Verschil", "en": "Difference"},
    "row_shortfall": {"nl": "Technisch tekort in {year} (personen/jaar)", "en": "Technical shortfall in {year} (persons/year)"},
    "row_cumulative": {"nl": "Opgeteld tekort 2018-{year} (personen)", "en": "Cumulative shortfall 2018-{year} (persons)"},
    "row_unemployment": {"nl": "Werkloosheid december {year} (%)", "en": "Unemployment December {year} (%)"},
    "ci": {"nl": "95%-BI", "en": "95% CI"},
    "row_shortage_years": {"nl": "Opgeteld tekort 2018-{year}, alleen tekortjaren (personen)",
                           "en": "Cumulative shortfall 2018-{year}, shortfall years only (persons)"},
    "table_note": {"nl": "Getallen: gemiddelde over {n} runs. Verschil: gemiddelde van de verschillen per seed met het "
                         "95%-betrouwbaarheidsinterval (BI). Een negatief tekort in een jaar betekent meer instroom dan "
                         "vraag (een overschot); de rij 'alleen tekortjaren' telt zulke jaren als 0, en alleen die rij "
                         "telt voor de kosten per persoon minder tekort.",
                   "en": "Figures: mean over {n} runs. Difference: mean of the per-seed differences with its 95% "
                         "confidence interval (CI). A negative shortfall in a year means more inflow than demand (a "
                         "surplus); the 'shortfall years only' row counts such years as 0, and only that row counts "
                         "for the cost per person of shortfall avoided."},
    "row_cost": {"nl": "Kosten van de knoppen (EUR)", "en": "Cost of the levers (EUR)"},
    "row_cost_per": {"nl": "Kosten per persoon minder tekort (EUR)", "en": "Cost per person of shortfall avoided (EUR)"},
    "cost_note_absent": {"nl": "De resultaten bevatten geen kostenrijen (cost_eur): kosten zijn op 0 gezet.",
                         "en": "The results have no cost rows (cost_eur): costs are set to 0."},
    "cpa_none_avoided": {"nl": "n.v.t. (geen tekort vermeden)", "en": "n/a (no shortfall avoided)"},
    "cpa_no_reference": {"nl": "n.v.t. (geen vergelijking)", "en": "n/a (no comparison)"},
    "cpa_not_distinguishable": {"nl": "n.v.t. (verschil niet te onderscheiden van toeval bij dit aantal runs)",
                                "en": "n/a (difference cannot be told apart from chance at this number of runs)"},
    "cpa_no_extra_cost": {"nl": "n.v.t. (geen extra kosten)", "en": "n/a (no extra cost)"},
    "cpa_no_cost": {"nl": "n.v.t. (geen kosten bekend)", "en": "n/a (no costs known)"},
    "region": {"nl": "Regio", "en": "Region"},
    "baseline": {"nl": "basis", "en": "baseline"},
    "overrides": {"nl": "Door u aangepaste knoppen", "en": "Levers you changed"},
    "overrides_none": {"nl": "geen: het scenario draait zoals het bestand zegt",
                       "en": "none: the scenario runs as its file says"},
    "widened": {"nl": "bereik verruimd tot de waarde van dit scenario", "en": "range widened to this scenario's value"},
    "source_detail": {"nl": "toelichting bij de bron (Engels)", "en": "source details"},
    "surplus_note": {"nl": "Onder de nul: in dat jaar meer instroom dan vraag (een overschot).",
                     "en": "Below zero: more inflow than demand in that year (a surplus)."},
    "chart_source": {"nl": "Bron: skillsim-modelberekening.", "en": "Source: skillsim model run."},
    "none": {"nl": "geen", "en": "none"},
    # net effects (skillsim/compare/net_effects.py; words shared with the comparison report)
    "net_title": {"nl": "Netto-effecten in december {year}, met verdringing",
                  "en": "Net effects in December {year}, with displacement"},
    # a comparison's ensemble (skillsim compare --ensemble)
    "mode_ensemble": {"nl": "Onzekerheid (vergelijking)", "en": "Uncertainty (comparison)"},
    "comparison_folder": {"nl": "Vergelijking (map van skillsim compare)", "en": "Comparison (skillsim compare folder)"},
    "no_comparisons": {"nl": "Geen vergelijkingen gevonden onder {dir} (mappen met comparison.csv en runs.parquet). "
                             "Maak er een met `skillsim compare A.toml B.toml --ensemble posterior:N,demand:all,seeds:K "
                             "--out {dir}/compare-...`.",
                       "en": "No comparisons found under {dir} (folders with comparison.csv and runs.parquet). Make "
                             "one with `skillsim compare A.toml B.toml --ensemble posterior:N,demand:all,seeds:K "
                             "--out {dir}/compare-...`."},
    "ensemble_note": {"nl": "Opgeslagen vergelijking uit {path}: {n} runs per scenario ({what}). Niets is opnieuw "
                            "berekend. Referentie: {first}.",
                      "en": "Stored comparison from {path}: {n} runs per scenario ({what}). Nothing was rerun. "
                            "Reference: {first}."},
    "ensemble_what": {"nl": "{d} parametertrekkingen x {p} vraagpaden x {s} seeds",
                      "en": "{d} parameter draws x {p} demand paths x {s} seeds"},
    "seeds_only_what": {"nl": "alleen seeds", "en": "seeds only"},
    "chart_ensemble": {"nl": "Opgeteld tekort aan technici sinds {start}: band over het ensemble",
                       "en": "Cumulative technical shortfall since {start}: band over the ensemble"},
    "split_title": {"nl": "Waar de onzekerheid vandaan komt", "en": "Where the uncertainty comes from"},
    "split_explain": {"nl": "De breedte van de band (variantie van het opgetelde tekort in {end} over de runs) "
                            "verdeeld over drie bronnen. <b>Toeval</b>: wie er in het model vertrekt, solliciteert of "
                            "wordt aangenomen (de seeds). <b>Parameters</b>: onzekerheid in de gekalibreerde "
                            "parameters (trekkingen uit de posterior). <b>Vraag</b>: hoe snel de vraag naar technici "
                            "groeit (de vraagpaden {paths} per jaar vanaf {from_year}; drie "
                            "gekozen paden, geen kansverdeling). Hoofdeffecten van een gekruist ontwerp; "
                            "wisselwerkingen tellen bij toeval. Voor het verschil met {first} geldt hetzelfde, per "
                            "run gepaard.",
                      "en": "The width of the band (variance of the cumulative shortfall in {end} across the runs) "
                            "split into three sources. <b>Chance</b>: who leaves, applies or is hired in the model "
                            "(the seeds). <b>Parameters</b>: uncertainty in the calibrated parameters (posterior "
                            "draws). <b>Demand</b>: how fast demand for technicians grows (the demand paths {paths} "
                            "a year from {from_year}; three chosen paths, not a probability "
                            "distribution). Main effects of a crossed design; interactions count as chance. The "
                            "difference against {first} is split the same way, paired run by run."},
    "split_seeds_only": {"nl": "Deze vergelijking draaide alleen over seeds: de band toont alleen toeval. Maak de "
                               "vergelijking met --ensemble posterior:N,demand:all,seeds:K voor de band met "
                               "parameters en vraag.",
                         "en": "This comparison ran over seeds only: the band shows chance alone. Make it with "
                               "--ensemble posterior:N,demand:all,seeds:K for the band with parameters and demand."},
    "quantity": {"nl": "Grootheid", "en": "Quantity"},
    "level": {"nl": "opgeteld tekort", "en": "cumulative shortfall"},
    "diff_vs": {"nl": "verschil met {first}", "en": "difference vs {first}"},
    "sd": {"nl": "standaardafwijking", "en": "standard deviation"},
    "chance": {"nl": "toeval", "en": "chance"},
    "parameters": {"nl": "parameters", "en": "parameters"},
    "demand": {"nl": "vraag", "en": "demand"},
    "tension_title": {"nl": "Kans op krapte per regio en technische beroepsgroep",
                      "en": "Chance of a tight market per region and technical occupation group"},
    "tension_explain": {"nl": "UWV's spanningsindicator: openstaande vacatures per werkloze die korter dan zes "
                              "maanden werkloos is. UWV noemt een markt <b>krap</b> bij 1,5 tot 4 en <b>zeer krap</b> "
                              "boven 4 vacatures per kortdurend werkloze. Elk vakje is het aandeel van de {n} runs "
                              "waarin die markt in dat jaar krap of zeer krap is (jaargemiddelde van de kwartalen): "
                              "80% betekent dat de markt in 8 van de 10 runs krap is, over toeval, parameters en "
                              "vraag heen. Bij een kleine schaal zijn markten met weinig werklozen onrustig.",
                        "en": "UWV's tension indicator: open vacancies per unemployed person with an unemployment "
                              "duration under six months. UWV calls a market <b>tight</b> (krap) at 1.5 to 4 and "
                              "<b>very tight</b> (zeer krap) above 4 vacancies per short-term unemployed. Each cell is "
                              "the share of the {n} runs in which that market is tight or very tight in that year "
                              "(mean of the quarters): 80% means tight in 8 of 10 runs, across chance, parameters and "
                              "demand. At small scales markets with few unemployed are noisy."},
    "tight": {"nl": "kans (zeer) krap {year}", "en": "chance (very) tight {year}"},
    "group": {"nl": "Beroepsgroep", "en": "Occupation group"},
    "no_tension": {"nl": "Deze vergelijking heeft geen tension_categories.csv.",
                   "en": "This comparison has no tension_categories.csv."},
    # PET's caveat (issue 15): under PET's controls and beside every result of a run with PET
    "pet_caveat": PET_CAVEAT,
    "pet_caveat_title": {"nl": "Let op bij PET (techniekpromotie)", "en": "Note on PET (technology promotion)"},
    "pet_switches": {"nl": "Extra technische studiekeuzes door PET tot {end} in deze uitkomsten (gemiddelde over de "
                           "runs, teruggeschaald naar de hele bevolking): {items}. Dat aantal volgt rechtstreeks uit "
                           "de aangenomen effectgrootte.",
                     "en": "Extra technical study choices because of PET by {end} in these results (mean over the "
                           "runs, scaled to the full population): {items}. That number follows directly from the "
                           "assumed effect size."},
    "no_net": {"nl": "Deze vergelijking heeft geen net_effects.csv (gemaakt met een oudere versie).",
               "en": "This comparison has no net_effects.csv (made with an older version)."},
}

FAMILY_LABELS: dict[str, dict[str, str]] = {
    "campuses": {"nl": "MBO-techniekcampussen", "en": "MBO technical campuses"},
    "work-to-work": {"nl": "Van werk naar werk (omscholing)", "en": "Work-to-work (retraining)"},
    "inclusion": {"nl": "Inclusieve arbeidsmarkt", "en": "Inclusive labour market"},
    "demand": {"nl": "Vraag naar technici (aanname, geen beleid)", "en": "Demand for technicians (assumption, not policy)"},
}

# Labels for offered parameters that do not (yet) declare label_nl / label_en.
PARAM_LABELS: dict[str, dict[str, str]] = {
    "demand.technical_demand_growth_per_year": {"nl": "Groei technische banen per jaar",
                                                "en": "Growth of technical jobs per year"},
    "demand.other_demand_growth_per_year": {"nl": "Groei overige banen per jaar",
                                            "en": "Growth of other jobs per year"},
}


def t(key: str, lang: str = "nl", **fmt) -> str:
    entry = TEXTS[key]
    text = entry.get(lang) or entry["nl"]
    return text.format(**fmt) if fmt else text


def family_label(family: str, lang: str) -> str:
    entry = FAMILY_LABELS.get(family)
    return (entry.get(lang) or entry["nl"]) if entry else family


def param_label(param, lang: str) -> str:
    own = param.label_nl if lang == "nl" else (param.label_en or param.label_nl)
    if own:
        return own
    entry = PARAM_LABELS.get(param.key)
    if entry:
        return entry.get(lang) or entry["nl"]
    return param.doc or param.key


# Units as policy staff read them. A unit not listed is shown as declared.
UNIT_LABELS: dict[str, dict[str, str]] = {
    "persons": {"nl": "personen", "en": "persons"},
    "persons/year": {"nl": "personen per jaar", "en": "persons a year"},
    "persons/month": {"nl": "personen per maand", "en": "persons a month"},
    "events/year": {"nl": "evenementen per jaar", "en": "events a year"},
    "pupils/event": {"nl": "leerlingen per evenement", "en": "pupils per event"},
    "EUR": {"nl": "euro", "en": "EUR"},
    "EUR/person": {"nl": "euro per persoon", "en": "EUR per person"},
    "EUR/participant": {"nl": "euro per deelnemer", "en": "EUR per participant"},
    "EUR/event": {"nl": "euro per evenement", "en": "EUR per event"},
    "EUR/year": {"nl": "euro per jaar", "en": "EUR a year"},
    "EUR/campus/year": {"nl": "euro per campus per jaar", "en": "EUR per campus a year"},
    "1/year": {"nl": "per jaar", "en": "a year"},
    "1/month": {"nl": "per maand", "en": "a month"},
    "share": {"nl": "aandeel", "en": "share"},
    "share/year": {"nl": "aandeel per jaar", "en": "share a year"},
    "year": {"nl": "jaar", "en": "year"},
    "years": {"nl": "jaar", "en": "years"},
    "months": {"nl": "maanden", "en": "months"},
    "campuses": {"nl": "campussen", "en": "campuses"},
    "seats/campus/year": {"nl": "plaatsen per campus per jaar", "en": "seats per campus a year"},
    "percentage points": {"nl": "procentpunt", "en": "percentage points"},
    "ratio": {"nl": "verhouding", "en": "ratio"},
    "vacancies": {"nl": "vacatures", "en": "vacancies"},
    "vacancies per unemployed": {"nl": "vacatures per werkloze", "en": "vacancies per unemployed"},
    "%": {"nl": "%", "en": "%"},
    "1/month per EUR 1,000": {"nl": "per maand per 1.000 euro", "en": "a month per EUR 1,000"},
    "probability": {"nl": "kans", "en": "probability"},
    "bool": {"nl": "", "en": ""},
}


def unit_label(unit: str, lang: str) -> str:
    entry = UNIT_LABELS.get(unit)
    if entry is None:
        return unit
    return entry.get(lang, unit)


def source_label(source: str, lang: str) -> str:
    """A parameter's source in a few words of the page's language: what kind of source
    (the 2018 mid-term review and its section, a CBS table, an assumption, derived), the
    full English wording being available as a tooltip. English pages show it as written."""
    import re

    if lang != "nl":
        return source
    parts: list[str] = []
    low = source.lower()
    if low.startswith("baseline policy"):
        parts.append("beleid zoals in de basis")
    if low.startswith("not in the 2018 policy"):
        parts.append("niet in het beleid van 2018")
    if low.startswith("assumption"):
        parts.append("aanname")
    if low.startswith("derived"):
        parts.append("afgeleid")
    if low.startswith("hand-tuned") or low.startswith("set by hand"):
        parts.append("met de hand afgestemd")
    if "calibrat" in low:
        parts.append("kalibratie tegen CBS-cijfers")
    sections = sorted(set(re.findall(r"review §\s*(\d+)", source)), key=int)
    if sections:
        parts.append("tussentijdse evaluatie arbeidsmarktagenda 2018, " + ", ".join(f"§{n}" for n in sections))
    if "annex" in low:
        parts.append("bijlage bij de evaluatie 2018")
    tables = list(dict.fromkeys(re.findall(r"\b\d{5}[A-Z]{3}\b", source)))
    if tables:
        parts.append("CBS-tabel " + ", ".join(tables))
    if "issue" in low and not parts:
        parts.append("modelkeuze")
    if not parts:
        parts.append("zie toelichting")
    return "; ".join(dict.fromkeys(parts))


def decimal(value: float, lang: str) -> str:
    """A short number as written in the page's language (0,01 in Dutch, 0.01 in English)."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "nl" else text


def number(value: float | None, lang: str, digits: int = 0) -> str:
    """A number in the page's language: 12.345,6 (nl) or 12,345.6 (en); '-' for None."""
    if value is None:
        return "-"
    text = f"{value:,.{digits}f}"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def reference_label(name: str, lang: str) -> str:
    """'baseline (basis)' in Dutch, plain 'baseline' in English (no 'baseline (baseline)')."""
    word = t("baseline", lang)
    return name if name == word else f"{name} ({word})"
