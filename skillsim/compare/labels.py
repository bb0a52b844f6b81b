"""Words the comparison report shows, in Dutch (default) and English.

Keys are used by the table, the charts and the HTML report; `text(lang, key, **kw)`
fills in `{placeholders}`. Numbers are formatted the way each language writes them.
"""

from __future__ import annotations

import math

LANGS = ("nl", "en")

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Scenariovergelijking: tekort aan technici in Noord-Holland",
        "scenarios": "De scenario's",
        "reference": "referentie (eerste scenario)",
        "changes": "Verandert ten opzichte van {first}:",
        "no_changes": "Geen parameters anders dan {first}.",
        "results": "Uitkomsten",
        "charts": "Verloop tot {end}",
        "fan_shortfall": "Tekort aan technici per jaar",
        "fan_unemployment": "Werkloosheid (%)",
        "fan_note": "Lijn: mediaan over de seeds; band: 10e tot 90e percentiel. Grijze stippellijn: {first}.",
        "median": "mediaan",
        "band": "10-90% band",
        "techniekraad": "TechniekRaad NH: ca. 1.400 per jaar",
        "year": "jaar",
        "persons_per_year": "technici tekort per jaar",
        "percent": "werkloosheid (%)",
        "metric": "Uitkomst",
        "shortfall_end": "Tekort aan technici in {end} (per jaar)",
        "shortfall_cum": "Opgeteld tekort {start}-{end}",
        "diff_cum": "Verschil opgeteld tekort met {first} (95%-BI)",
        "diff_end": "Verschil tekort in {end} met {first} (95%-BI)",
        "unemployment_end": "Werkloosheid december {end} (%)",
        "retrained_completed": "Omgeschoold (afgerond)",
        "retrained_placed": "Omgeschoold en geplaatst",
        "inclusion_placements": "Geplaatst via inclusieprojecten",
        "cost_eur": "Totale kosten (EUR)",
        "cost_per_avoided": "Kosten per vermeden tekort (EUR per technicus)",
        "band_of": "10-90%: {low} tot {high}",
        "na": "n.v.t.",
        "not_reported": "niet gerapporteerd",
        "note_missing": "De modelversie rapporteert {indicators} nog niet; in de tabel staat daarom '{nr}'. Kosten die niet gerapporteerd worden tellen als 0.",
        "note_noise": "Bij {names} ligt 0 binnen het 95%-betrouwbaarheidsinterval van het verschil: met dit aantal seeds is het verschil niet te onderscheiden van toeval.",
        "how_to_read": "Zo leest u de tabel",
        "how_to_read_text": (
            "Elk scenario is {n} keer gedraaid (seeds {seeds}), telkens met dezelfde toevalsgetallen voor alle "
            "scenario's: seed 1 van scenario A en seed 1 van scenario B verschillen alleen door de beleidskeuzes. "
            "Het getal is het gemiddelde over de seeds; de 10-90% band laat zien hoe ver de seeds uiteenlopen. "
            "Het verschil met {first} is per seed berekend en daarna gemiddeld; het 95%-betrouwbaarheidsinterval (BI) "
            "is gebaseerd op de t-verdeling van die gepaarde verschillen. Een negatief verschil betekent minder tekort "
            "dan {first}."
        ),
        "limits": "Wat het model wel en niet kan zeggen",
        "limits_items": [
            "Het 'tekort aan technici' is de definitie van het model: gevraagde technici (groei plus vervanging van "
            "iedereen die een technische baan verlaat) min instroom in technische banen in een kalenderjaar. De "
            "standaardinstellingen zijn afgestemd op de schatting van de TechniekRaad Noord-Holland van ongeveer 1.400 "
            "per jaar (tussentijdse evaluatie 2018); het is geen telling van openstaande vacatures.",
            "Schaal {scale}: {scale_note}. Aantallen zijn teruggeschaald naar de hele bevolking, waardoor kleine "
            "aantallen (bijvoorbeeld enkele honderden geplaatsten) grof zijn.",
            "De onzekerheid (banden en intervallen) is alleen de spreiding tussen {n} seeds: toeval binnen het model. "
            "Onzekerheid over de parameters zelf (bijvoorbeeld de groei van de vraag) zit er niet in, tenzij die "
            "parameters apart gevarieerd zijn (skillsim sweep).",
            "Het model vergelijkt scenario's; het voorspelt niet. Verschillen tussen scenario's zijn betrouwbaarder "
            "dan de absolute niveaus.",
            "Periode {start}-{end}; alle scenario's gebruiken dezelfde periode.",
        ],
        "provenance": "Herkomst",
        "provenance_text": "Gemaakt {created} met skillsim {version} (code {commit}). Opnieuw maken: {command}",
        "scale_all": "iedere persoon gesimuleerd",
        "scale_sample": "een steekproef van 1 op {n} personen",
        "lang_attr": "nl",
    },
    "en": {
        "title": "Scenario comparison: shortage of technicians in Noord-Holland",
        "scenarios": "The scenarios",
        "reference": "reference (first scenario)",
        "changes": "Changes compared with {first}:",
        "no_changes": "No parameters differ from {first}.",
        "results": "Results",
        "charts": "Path to {end}",
        "fan_shortfall": "Technical shortfall per year",
        "fan_unemployment": "Unemployment rate (%)",
        "fan_note": "Line: median over seeds; band: 10th to 90th percentile. Grey dotted line: {first}.",
        "median": "median",
        "band": "10-90% band",
        "techniekraad": "TechniekRaad NH: about 1,400 a year",
        "year": "year",
        "persons_per_year": "technicians short per year",
        "percent": "unemployment rate (%)",
        "metric": "Outcome",
        "shortfall_end": "Technical shortfall in {end} (per year)",
        "shortfall_cum": "Cumulative shortfall {start}-{end}",
        "diff_cum": "Difference in cumulative shortfall vs {first} (95% CI)",
        "diff_end": "Difference in {end} shortfall vs {first} (95% CI)",
        "unemployment_end": "Unemployment rate December {end} (%)",
        "retrained_completed": "Retrained (completed)",
        "retrained_placed": "Retrained and placed",
        "inclusion_placements": "Placed through inclusion projects",
        "cost_eur": "Total cost (EUR)",
        "cost_per_avoided": "Cost per shortfall avoided (EUR per technician)",
        "band_of": "10-90%: {low} to {high}",
        "na": "n/a",
        "not_reported": "not reported",
        "note_missing": "This model version does not report {indicators} yet; the table shows '{nr}'. Costs that are not reported count as 0.",
        "note_noise": "For {names} the 95% confidence interval of the difference includes 0: with this many seeds the difference cannot be told apart from chance.",
        "how_to_read": "How to read the table",
        "how_to_read_text": (
            "Each scenario was run {n} times (seeds {seeds}), each time with the same random numbers for every "
            "scenario: seed 1 of scenario A and seed 1 of scenario B differ only by the policy choices. The number "
            "shown is the mean over seeds; the 10-90% band shows how far the seeds spread. The difference with "
            "{first} is computed seed by seed and then averaged; its 95% confidence interval (CI) is based on the "
            "t distribution of these paired differences. A negative difference means less shortfall than {first}."
        ),
        "limits": "What the model can and cannot say",
        "limits_items": [
            "The 'technical shortfall' is the model's definition: technicians wanted (growth plus replacement of "
            "everyone who leaves a technical job) minus inflow into technical jobs in a calendar year. The default "
            "settings are aligned to the TechniekRaad Noord-Holland's estimate of about 1,400 a year (mid-term "
            "review 2018); it is not a count of open vacancies.",
            "Scale {scale}: {scale_note}. Counts are scaled back to the full population, so small numbers (for "
            "example a few hundred placements) are coarse.",
            "The uncertainty (bands and intervals) is only the spread between {n} seeds: chance within the model. "
            "Uncertainty about the parameters themselves (for example demand growth) is not included unless those "
            "parameters were varied separately (skillsim sweep).",
            "The model compares scenarios; it does not forecast. Differences between scenarios are more reliable "
            "than absolute levels.",
            "Period {start}-{end}; all scenarios use the same period.",
        ],
        "provenance": "Provenance",
        "provenance_text": "Made {created} with skillsim {version} (code {commit}). To reproduce: {command}",
        "scale_all": "every person simulated",
        "scale_sample": "a sample of 1 in {n} persons",
        "lang_attr": "en",
    },
}


def text(lang: str, key: str, **kw) -> str:
    value = LABELS[lang][key]
    return value.format(**kw) if kw else value


def number(x: float, lang: str, decimals: int = 0, signed: bool = False) -> str:
    """12345.6 -> '12.346' (nl) or '12,346' (en); NaN -> ''."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if round(x, decimals) == 0:
        x = 0.0  # no "-0" or "+0"
    s = f"{x:{'+' if signed and x != 0 else ''},.{decimals}f}"
    if lang == "nl":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s
