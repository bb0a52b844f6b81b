"""Words the comparison report shows, in Dutch (default) and English.

Keys are used by the table, the charts and the HTML report; `text(lang, key, **kw)`
fills in `{placeholders}`. Numbers are formatted the way each language writes them.
"""

from __future__ import annotations

import math

LANGS = ("nl", "en")

# PET's caveat (issue 15): said wherever PET's lever or results appear, in the comparison
# report's limits and on the dashboard (skillsim/dashboard: the PET controls, every result
# of a run with PET). One text, so the two cannot drift apart.
PET_CAVEAT: dict[str, str] = {
    "nl": ("PET (techniekpromotie op scholen): een bereikte leerling kiest op 15, begint op 16 en studeert 1-3 jaar, "
           "dus een activiteit bereikt de arbeidsmarkt pas 6-8 jaar later; het effect per bereikte leerling (0,01 in "
           "de standaardinstelling) is een aanname die geen bron geeft. Wat PET bijdraagt aan een cijfer voor 2030 "
           "rust alleen op die aanname."),
    "en": ("PET (promoting technology at schools): a reached pupil chooses at 15, enrols at 16 and studies 1-3 years, "
           "so an event reaches the labour market only 6-8 years later; the effect per reached pupil (0.01 by "
           "default) is an assumption that no source gives. PET's contribution to any 2030 figure rests on that "
           "assumption alone."),
}

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "fan_cumulative": "Opgeteld tekort aan technici sinds het startjaar",
        "mean": "gemiddelde",
        "persons": "technici (opgeteld)",
        "negative_note": "Onder de nul: meer instroom dan vraag in dat jaar (een overschot).",
        "chart_source": "Bron: skillsim-modelberekening.",
        "headline": "Kern: het tekort aan technici tot {end}",
        "headline_intro": ("Per scenario het tekort in {end} (per jaar) en opgeteld over {start}-{end}, en het verschil "
                           "met {first}. Tussen haakjes de spreiding of het 95%-betrouwbaarheidsinterval; zie "
                           "'Zo leest u de tabel'."),
        "hl_level": "Tekort in {end}: {value} technici per jaar ({band}); opgeteld {start}-{end}: {cum} ({cum_band}).",
        "hl_diff_end": "Verschil met {first} in {end}: {diff} per jaar (95%-BI {ci})",
        "hl_diff_cum": "Verschil met {first}, opgeteld {start}-{end}: {diff} (95%-BI {ci})",
        "hl_same": "Geen verschil met {first}: dezelfde uitkomst in elke run.",
        "less": "minder tekort",
        "more": "meer tekort",
        "hl_surplus": ("In gemiddeld {years} van de {n_years} jaren is het 'tekort' negatief: dan stromen er meer "
                       "technici in dan er gevraagd worden (een overschot). Die jaren verlagen het opgetelde tekort. "
                       "Alleen de tekortjaren opgeteld: {pos}."),
        "hl_no_surplus": "Geen jaren met een overschot (meer instroom dan vraag).",
        "hl_cpa": ("Kosten per vermeden tekort: {value} EUR per technicus (extra kosten {cost} EUR gedeeld door "
                   "{avoided} technici minder tekort, alleen tekortjaren geteld)."),
        "hl_cpa_none": "Kosten per vermeden tekort: niet berekend, {reason}.",
        "reason_not_distinguishable": ("want het verschil in tekort (alleen tekortjaren) is niet te onderscheiden van "
                                       "toeval bij dit aantal runs, of het tekort neemt niet af"),
        "reason_no_levers": "want dit scenario verandert geen beleidsknoppen (alleen aannames over de economie)",
        "reason_no_extra_cost": "want dit scenario kost niet meer dan {first}",
        "reason_reference": "referentie",
        "shortfall_pos": "Opgeteld tekort {start}-{end}, alleen tekortjaren",
        "surplus_years": "Jaren met overschot (meer instroom dan vraag), gemiddeld",
        "diff_pos": "Verschil opgeteld tekort in tekortjaren met {first} (95%-BI)",
        "cost_per_avoided_note": ("Kosten per vermeden tekort staan er alleen waar het scenario beleidsknoppen "
                                  "verandert, meer kost, en het tekort in de tekortjaren aantoonbaar verlaagt (het "
                                  "95%-BI ligt onder nul). Overschotjaren tellen als 0: een overschot koopt geen "
                                  "lagere prijs per technicus."),
        "title": "Scenariovergelijking: tekort aan technici in Noord-Holland",
        "scenarios": "De scenario's",
        "reference": "referentie (eerste scenario)",
        "changes": "Verandert ten opzichte van {first}:",
        "no_changes": "Geen parameters anders dan {first}.",
        "results": "Uitkomsten",
        "charts": "Verloop tot {end}",
        "fan_shortfall": "Tekort aan technici per jaar",
        "fan_unemployment": "Werkloosheid (%)",
        "fan_note": "Lijn: gemiddelde over de runs; band: 10e tot 90e percentiel over de runs. Grijze stippellijn: {first}.",
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
        "band_of": "10e-90e perc.: {low} tot {high}",
        "na": "n.v.t.",
        "not_reported": "niet gerapporteerd",
        "note_missing": "De modelversie rapporteert {indicators} nog niet; in de tabel staat daarom '{nr}'. Kosten die niet gerapporteerd worden tellen als 0.",
        "note_noise": "Bij {names} ligt 0 binnen het 95%-betrouwbaarheidsinterval van het verschil: het verschil is niet te onderscheiden van toeval bij dit aantal runs.",
        "how_to_read": "Zo leest u de tabel",
        "how_to_read_text": (
            "Elk scenario is {n} keer gedraaid (seeds {seeds}), telkens met dezelfde toevalsgetallen voor alle "
            "scenario's: seed 1 van scenario A en seed 1 van scenario B verschillen alleen door de beleidskeuzes. "
            "Het getal is het gemiddelde over de seeds; de band (10e tot 90e percentiel) laat zien hoe ver de seeds uiteenlopen. "
            "Het verschil met {first} is per seed berekend en daarna gemiddeld; het 95%-betrouwbaarheidsinterval (BI) "
            "is gebaseerd op de t-verdeling van die gepaarde verschillen. Een negatief verschil betekent minder tekort "
            "dan {first}."
        ),
        "limits": "Wat het model wel en niet kan zeggen",
        "limits_items": [
            "Het 'tekort aan technici' is de definitie van het model: gevraagde technici (groei plus vervanging van "
            "iedereen die een technische baan verlaat) min instroom in technische banen in een kalenderjaar. De "
            "kalibratie heeft de schatting van de TechniekRaad Noord-Holland van ongeveer 1.400 per jaar (tussentijdse "
            "evaluatie 2018) als een van haar doelen, maar in de gekalibreerde basis ligt het tekort 2018-2020 hoger dan "
            "die schatting, buiten de marge die de kalibratie toelaat: het niveau is onzeker, verschillen tussen "
            "scenario's minder. Het is geen telling van openstaande vacatures.",
            "Schaal {scale}: {scale_note}. Aantallen zijn teruggeschaald naar de hele bevolking, waardoor kleine "
            "aantallen (bijvoorbeeld enkele honderden geplaatsten) grof zijn.",
            "De onzekerheid (banden en intervallen) is alleen de spreiding tussen {n} seeds: toeval binnen het model. "
            "Onzekerheid over de parameters zelf (bijvoorbeeld de groei van de vraag) zit er niet in, tenzij die "
            "parameters apart gevarieerd zijn (skillsim sweep).",
            "Het model vergelijkt scenario's; het voorspelt niet. Verschillen tussen scenario's zijn betrouwbaarder "
            "dan de absolute niveaus.",
            PET_CAVEAT["nl"],
            "Periode {start}-{end}; alle scenario's gebruiken dezelfde periode.",
        ],
        "provenance": "Herkomst",
        "provenance_text": "Gemaakt {created} met skillsim {version} (code {commit}). Opnieuw maken: {command}",
        "scale_all": "iedere persoon gesimuleerd",
        "scale_sample": "een steekproef van 1 op {n} personen",
        "lang_attr": "nl",
    },
    "en": {
        "fan_cumulative": "Cumulative technical shortfall since the start year",
        "mean": "mean",
        "persons": "technicians (cumulative)",
        "negative_note": "Below zero: more inflow than demand in that year (a surplus).",
        "chart_source": "Source: skillsim model run.",
        "headline": "Key figures: the technical shortfall to {end}",
        "headline_intro": ("Per scenario the shortfall in {end} (per year) and summed over {start}-{end}, and the "
                           "difference with {first}. In brackets the spread or the 95% confidence interval; see "
                           "'How to read the table'."),
        "hl_level": "Shortfall in {end}: {value} technicians a year ({band}); summed {start}-{end}: {cum} ({cum_band}).",
        "hl_diff_end": "Difference with {first} in {end}: {diff} a year (95% CI {ci})",
        "hl_diff_cum": "Difference with {first}, summed {start}-{end}: {diff} (95% CI {ci})",
        "hl_same": "No difference with {first}: the same outcome in every run.",
        "less": "less shortfall",
        "more": "more shortfall",
        "hl_surplus": ("In {years} of the {n_years} years on average the 'shortfall' is negative: more technicians "
                       "flow in than are wanted (a surplus). Those years lower the summed shortfall. Summing the "
                       "shortfall years only: {pos}."),
        "hl_no_surplus": "No surplus years (more inflow than demand).",
        "hl_cpa": ("Cost per shortfall avoided: EUR {value} per technician (extra cost EUR {cost} divided by {avoided} "
                   "technicians less shortfall, shortfall years only)."),
        "hl_cpa_none": "Cost per shortfall avoided: not computed, {reason}.",
        "reason_not_distinguishable": ("because the difference in shortfall (shortfall years only) cannot be told apart "
                                       "from chance at this number of runs, or the shortfall does not fall"),
        "reason_no_levers": "because this scenario changes no policy levers (only assumptions about the economy)",
        "reason_no_extra_cost": "because this scenario costs no more than {first}",
        "reason_reference": "reference",
        "shortfall_pos": "Cumulative shortfall {start}-{end}, shortfall years only",
        "surplus_years": "Surplus years (more inflow than demand), mean",
        "diff_pos": "Difference in shortfall-year sum vs {first} (95% CI)",
        "cost_per_avoided_note": ("Cost per shortfall avoided is shown only where the scenario changes policy levers, "
                                  "costs more, and lowers the shortfall in shortfall years beyond chance (the 95% CI "
                                  "lies below zero). Surplus years count as 0: a surplus does not buy a lower price "
                                  "per technician."),
        "title": "Scenario comparison: shortage of technicians in Noord-Holland",
        "scenarios": "The scenarios",
        "reference": "reference (first scenario)",
        "changes": "Changes compared with {first}:",
        "no_changes": "No parameters differ from {first}.",
        "results": "Results",
        "charts": "Path to {end}",
        "fan_shortfall": "Technical shortfall per year",
        "fan_unemployment": "Unemployment rate (%)",
        "fan_note": "Line: mean over runs; band: 10th to 90th percentile over runs. Grey dotted line: {first}.",
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
        "band_of": "10th-90th pct.: {low} to {high}",
        "na": "n/a",
        "not_reported": "not reported",
        "note_missing": "This model version does not report {indicators} yet; the table shows '{nr}'. Costs that are not reported count as 0.",
        "note_noise": "For {names} the 95% confidence interval of the difference includes 0: with this many seeds the difference cannot be told apart from chance.",
        "how_to_read": "How to read the table",
        "how_to_read_text": (
            "Each scenario was run {n} times (seeds {seeds}), each time with the same random numbers for every "
            "scenario: seed 1 of scenario A and seed 1 of scenario B differ only by the policy choices. The number "
            "shown is the mean over seeds; the band (10th to 90th percentile) shows how far the seeds spread. The difference with "
            "{first} is computed seed by seed and then averaged; its 95% confidence interval (CI) is based on the "
            "t distribution of these paired differences. A negative difference means less shortfall than {first}."
        ),
        "limits": "What the model can and cannot say",
        "limits_items": [
            "The 'technical shortfall' is the model's definition: technicians wanted (growth plus replacement of "
            "everyone who leaves a technical job) minus inflow into technical jobs in a calendar year. The default "
            "calibration has the TechniekRaad Noord-Holland's estimate of about 1,400 a year (mid-term review 2018) "
            "among its targets, but in the calibrated baseline the 2018-2020 shortfall is higher than that estimate, "
            "outside the margin the calibration allows: the level is uncertain, differences between scenarios less "
            "so. It is not a count of open vacancies.",
            "Scale {scale}: {scale_note}. Counts are scaled back to the full population, so small numbers (for "
            "example a few hundred placements) are coarse.",
            "The uncertainty (bands and intervals) is only the spread between {n} seeds: chance within the model. "
            "Uncertainty about the parameters themselves (for example demand growth) is not included unless those "
            "parameters were varied separately (skillsim sweep).",
            "The model compares scenarios; it does not forecast. Differences between scenarios are more reliable "
            "than absolute levels.",
            PET_CAVEAT["en"],
            "Period {start}-{end}; all scenarios use the same period.",
        ],
        "provenance": "Provenance",
        "provenance_text": "Made {created} with skillsim {version} (code {commit}). To reproduce: {command}",
        "scale_all": "every person simulated",
        "scale_sample": "a sample of 1 in {n} persons",
        "lang_attr": "en",
    },
}


def description(text_: str, lang: str) -> str:
    """A scenario description in one language: the files write 'Nederlands / English'."""
    parts = [part.strip() for part in (text_ or "").split(" / ")]
    if len(parts) == 2:
        return parts[0] if lang == "nl" else parts[1]
    return (text_ or "").strip()


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


# Net effects (skillsim/compare/net_effects.py): the report, the terminal table and the dashboard.
NET_LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "net_title": "Netto-effecten tegenover {first}, met verdringing",
        "net_intro": ("Wat verandert er per saldo op de arbeidsmarkt in december van elk jaar, vergeleken met {first} in "
                      "dezelfde run? Werkenden in technische en in andere beroepen (wie naar de techniek gaat, laat "
                      "vaak elders een baan open: verdringing), onvervulde banen en mensen die nog in omscholing zitten. "
                      "Het tekort aan technici is hier het aantal onvervulde technische banen: een jaar met meer "
                      "instroom dan vraag brengt dat hooguit op nul, dus een overschot 'koopt' geen vermeden tekort."),
        "net_effect": "netto-effect",
        "net_in_year": "verschil december {end} (95%-BI)",
        "net_verdict": "oordeel",
        "net_yes": "te onderscheiden van toeval",
        "net_no": "niet te onderscheiden van toeval bij dit aantal runs",
        "net_same": "geen verschil: dezelfde uitkomst in elke run",
        "net_distinct": "{scenario}: te onderscheiden van toeval (95%-BI ligt niet om nul): {names}.",
        "net_not_distinct": "{scenario}: niet te onderscheiden van toeval bij dit aantal runs (95%-BI bevat nul): {names}.",
        "net_none": "geen",
        "net_ci_note": ("Tussen haken: het 95%-betrouwbaarheidsinterval van het gemiddelde van de verschillen per run "
                        "(gepaard: dezelfde runs{members} in beide scenario's), over {n} runs; skillsim/bands.py."),
        "net_chart": "Netto-effecten per jaar tegenover {first}",
        "net_chart_note": ("Lijn: gemiddelde van de verschillen per run (december van elk jaar). Band: "
                           "95%-betrouwbaarheidsinterval van dat gemiddelde; stippellijnen: 10e en 90e percentiel van de "
                           "verschillen per run, over {n} runs{members}. Een effect is te onderscheiden van toeval waar "
                           "de band de nullijn niet raakt."),
        "technical_employment": "Werkenden in technische beroepen",
        "nontechnical_employment": "Werkenden in niet-technische beroepen",
        "total_employment": "Werkenden totaal (technisch + niet-technisch)",
        "unfilled_technical_jobs": "Onvervulde technische banen (tekort als niveau)",
        "unfilled_technical_job_years": "Onvervulde technische banen opgeteld sinds {start}",
        "unfilled_nontechnical_jobs": "Onvervulde niet-technische banen",
        "in_retraining": "Personen in omscholing",
        "unit_persons": "personen",
        "unit_person-years": "baanjaren",
        "cpn_tech": ("Kosten per netto technische baan: {value} EUR (extra kosten {cost} EUR gedeeld door {jobs} meer "
                     "werkenden in technische beroepen in december {end} dan in {first}). Zo veel kost het scenario per "
                     "technische baan die er aan het eind per saldo bij is; het rekent niet af met banen die elders "
                     "leeg blijven."),
        "cpn_total": ("Kosten per netto baan: {value} EUR (extra kosten {cost} EUR gedeeld door {jobs} meer werkenden "
                      "in alle beroepen samen in december {end}). Zo veel kost het scenario per extra werkende na "
                      "verdringing: technische banen erbij min banen elders eraf."),
        "cpn_tech_none": "Kosten per netto technische baan: niet berekend, {reason}.",
        "cpn_total_none": "Kosten per netto baan: niet berekend, {reason}.",
        "cpn_reason_not_distinguishable": "want de verandering in werkenden is niet te onderscheiden van toeval bij dit aantal runs",
        "cpn_reason_no_net_gain": "want er werken per saldo minder mensen dan in {first} (verdringing en mensen in omscholing wegen zwaarder dan de winst)",
        "cpn_reason_no_extra_cost": "want dit scenario kost niet meer dan {first}",
        "cpn_reason_no_levers": "want dit scenario verandert geen beleidsknoppen (alleen aannames over de economie)",
        "cpn_reason_not_reported": "want de runs bevatten de werkenden per beroepsgroep niet",
        "cpn_reason_reference": "referentie",
        "cost_per_net_technical_job": "Kosten per netto technische baan (EUR)",
        "cost_per_net_job": "Kosten per netto baan (EUR)",
        "net_tech_row": "Verschil werkenden technisch, dec. {end}, met {first} (95%-BI)",
        "net_total_row": "Verschil werkenden totaal, dec. {end}, met {first} (95%-BI)",
        "net_unfilled_row": "Verschil onvervulde niet-technische banen, dec. {end} (95%-BI)",
    },
    "en": {
        "net_title": "Net effects against {first}, with displacement",
        "net_intro": ("What changes on balance in the labour market at the end of December of each year, compared with "
                      "{first} in the same run? Workers in technical and in other occupations (whoever moves into "
                      "technical work often leaves a job open elsewhere: displacement), unfilled jobs, and people "
                      "still in retraining. The technical shortfall here is the number of unfilled technical jobs: a "
                      "year with more inflow than demand brings it to zero at most, so a surplus does not buy "
                      "'avoided shortfall'."),
        "net_effect": "net effect",
        "net_in_year": "difference December {end} (95% CI)",
        "net_verdict": "verdict",
        "net_yes": "distinguishable from chance",
        "net_no": "cannot be told apart from chance at this number of runs",
        "net_same": "no difference: the same outcome in every run",
        "net_distinct": "{scenario}: distinguishable from chance (the 95% CI excludes zero): {names}.",
        "net_not_distinct": "{scenario}: cannot be told apart from chance at this number of runs (the 95% CI includes zero): {names}.",
        "net_none": "none",
        "net_ci_note": ("In brackets: the 95% confidence interval of the mean of the per-run differences (paired: the "
                        "same runs{members} in both scenarios), over {n} runs; skillsim/bands.py."),
        "net_chart": "Net effects per year against {first}",
        "net_chart_note": ("Line: mean of the per-run differences (December of each year). Band: 95% confidence "
                           "interval of that mean; dashed lines: 10th and 90th percentile of the per-run differences, "
                           "over {n} runs{members}. An effect is distinguishable from chance where the band does not "
                           "touch the zero line."),
        "technical_employment": "Workers in technical occupations",
        "nontechnical_employment": "Workers in non-technical occupations",
        "total_employment": "Workers in all (technical + non-technical)",
        "unfilled_technical_jobs": "Unfilled technical jobs (shortfall as a level)",
        "unfilled_technical_job_years": "Unfilled technical jobs summed since {start}",
        "unfilled_nontechnical_jobs": "Unfilled non-technical jobs",
        "in_retraining": "Persons in retraining",
        "unit_persons": "persons",
        "unit_person-years": "job-years",
        "cpn_tech": ("Cost per net technical job: EUR {value} (extra cost EUR {cost} divided by {jobs} more workers in "
                     "technical occupations in December {end} than in {first}). This is what the scenario costs per "
                     "technical job it adds on balance by the end; it does not charge for jobs left open elsewhere."),
        "cpn_total": ("Cost per net job: EUR {value} (extra cost EUR {cost} divided by {jobs} more workers in all "
                      "occupations together in December {end}). This is what the scenario costs per extra worker "
                      "after displacement: technical jobs gained minus jobs lost elsewhere."),
        "cpn_tech_none": "Cost per net technical job: not computed, {reason}.",
        "cpn_total_none": "Cost per net job: not computed, {reason}.",
        "cpn_reason_not_distinguishable": "because the change in workers cannot be told apart from chance at this number of runs",
        "cpn_reason_no_net_gain": "because fewer people work than in {first} on balance (displacement and people in retraining outweigh the gain)",
        "cpn_reason_no_extra_cost": "because this scenario costs no more than {first}",
        "cpn_reason_no_levers": "because this scenario changes no policy levers (only assumptions about the economy)",
        "cpn_reason_not_reported": "because the runs do not hold workers by occupation group",
        "cpn_reason_reference": "reference",
        "cost_per_net_technical_job": "Cost per net technical job (EUR)",
        "cost_per_net_job": "Cost per net job (EUR)",
        "net_tech_row": "Difference in technical workers, Dec. {end}, vs {first} (95% CI)",
        "net_total_row": "Difference in all workers, Dec. {end}, vs {first} (95% CI)",
        "net_unfilled_row": "Difference in unfilled non-technical jobs, Dec. {end} (95% CI)",
    },
}
for _lang, _words in NET_LABELS.items():
    assert not set(_words) & set(LABELS[_lang]), "a net-effect label shadows a report label"
    LABELS[_lang].update(_words)
