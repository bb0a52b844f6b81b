"""Labels in Dutch (default) and English. `t(key, lang)` returns the text; a key missing
in a language falls back to Dutch, so a new label never shows as a blank."""

from __future__ import annotations

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
                         "gesimuleerd; aantallen teruggeschaald naar de hele bevolking). Band = laagste tot hoogste "
                         "uitkomst over de seeds; lijn = gemiddelde.",
                   "en": "Quick run: {n} runs (seeds {seeds}) at scale {scale} (1 in {inv} persons simulated; "
                         "counts scaled back to the full population). Band = lowest to highest result over the "
                         "seeds; line = mean."},
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
    "review_1400": {"nl": "TechniekRaad NH: ~1.400 per jaar", "en": "TechniekRaad NH: ~1,400 a year"},
    "review_48": {"nl": "eind 2017: 4,8%", "en": "end 2017: 4.8%"},
    "band": {"nl": "band (min-max over seeds)", "en": "band (min-max over seeds)"},
    # table
    "table_title": {"nl": "Uitkomsten in {year}", "en": "Results in {year}"},
    "figure": {"nl": "Uitkomst", "en": "Figure"},
    "difference": {"nl": "Verschil", "en": "Difference"},
    "row_shortfall": {"nl": "Technisch tekort in {year} (personen/jaar)", "en": "Technical shortfall in {year} (persons/year)"},
    "row_cumulative": {"nl": "Opgeteld tekort 2018-{year} (personen)", "en": "Cumulative shortfall 2018-{year} (persons)"},
    "row_unemployment": {"nl": "Werkloosheid december {year} (%)", "en": "Unemployment December {year} (%)"},
    "row_cost": {"nl": "Kosten van de knoppen (EUR)", "en": "Cost of the levers (EUR)"},
    "row_cost_per": {"nl": "Kosten per persoon minder tekort (EUR)", "en": "Cost per person of shortfall avoided (EUR)"},
    "cost_note_absent": {"nl": "De resultaten bevatten geen kostenrijen (cost_eur): kosten zijn op 0 gezet.",
                         "en": "The results have no cost rows (cost_eur): costs are set to 0."},
    "cpa_none_avoided": {"nl": "n.v.t. (geen tekort vermeden)", "en": "n/a (no shortfall avoided)"},
    "cpa_no_reference": {"nl": "n.v.t. (geen vergelijking)", "en": "n/a (no comparison)"},
    "cpa_no_cost": {"nl": "n.v.t. (geen kosten bekend)", "en": "n/a (no costs known)"},
    "region": {"nl": "Regio", "en": "Region"},
    "baseline": {"nl": "basis", "en": "baseline"},
    "overrides": {"nl": "Aangepaste knoppen", "en": "Changed levers"},
    "none": {"nl": "geen", "en": "none"},
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
