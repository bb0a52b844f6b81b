"""The self-contained HTML report: scenarios, table, charts, limits. No external files,
CSS or scripts: images are embedded as base64, so it can be opened from an e-mail."""

from __future__ import annotations

import base64
import html
import math
from pathlib import Path

import pandas as pd

from skillsim.model.scenario import Scenario
from skillsim.compare.execute import LEVER_INDICATORS
from skillsim.compare.labels import LABELS, description, number, text
from skillsim import bands as B
from skillsim.compare.summary import changed_params

CSS = """
body { font-family: Arial, Helvetica, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.5em; border-bottom: 3px solid #c0392b; padding-bottom: .3em; }
h2 { font-size: 1.2em; margin-top: 1.6em; color: #2c3e50; }
table { border-collapse: collapse; margin: .8em 0; font-size: .92em; }
th, td { border: 1px solid #ccc; padding: .35em .6em; vertical-align: top; }
th { background: #f2f2f2; text-align: left; }
td.num { text-align: right; white-space: nowrap; }
.band { color: #666; font-size: .85em; }
.note { background: #fff8e1; border-left: 4px solid #f1c40f; padding: .5em .8em; margin: .8em 0; }
.scenario { margin: .6em 0 1em 0; }
.scenario ul { margin: .2em 0; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
code { background: #f4f4f4; padding: 0 .2em; }
footer { margin-top: 2em; color: #666; font-size: .85em; }
"""


def _e(s) -> str:
    return html.escape(str(s))


def _value(v, lang: str) -> str:
    """A parameter value as the reader writes it: on/off, 44.000.000, 0,03, {year: value}."""
    if isinstance(v, dict):
        return ", ".join(f"{k}: {_value(x, lang)}" for k, x in v.items())
    if isinstance(v, bool):
        return {"nl": ("uit", "aan"), "en": ("off", "on")}[lang][v]
    if isinstance(v, (int, float)):
        if float(v).is_integer():
            return number(float(v), lang) if abs(v) >= 10_000 else str(int(v))
        text_ = f"{v:g}"
        return text_.replace(".", ",") if lang == "nl" else text_
    if isinstance(v, list):
        return "[" + "; ".join(_value(x, lang) for x in v) + "]"
    return str(v)


def _img(path: Path, alt: str) -> str:
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{data}">'


def _scenario_section(scenarios: list[Scenario], labels: list[str], lang: str) -> str:
    parts = []
    for i, (sc, label) in enumerate(zip(scenarios, labels)):
        head = f"<strong>{_e(label)}</strong>"
        if i == 0:
            head += f" &mdash; <em>{_e(text(lang, 'reference'))}</em>"
        body = f"<p>{_e(description(sc.description, lang))}</p>" if sc.description else ""
        if i > 0:
            changes = changed_params(scenarios[0], sc)
            if changes:
                items = []
                for param, key, ref, new in changes:
                    name = getattr(param, f"label_{lang}", "") if param else ""
                    unit = f" ({param.unit})" if param and param.unit and param.unit != "bool" else ""
                    items.append(f"<li>{_e(name) + ' ' if name else ''}<code>{_e(key)}</code>{_e(unit)}: "
                                 f"{_e(_value(ref, lang))} &rarr; <strong>{_e(_value(new, lang))}</strong></li>")
                body += (f"<details><summary>{_e(text(lang, 'changes', first=labels[0]))} {len(items)}</summary>"
                         f"<ul>{''.join(items)}</ul></details>")
            else:
                body += f"<p>{_e(text(lang, 'no_changes', first=labels[0]))}</p>"
        parts.append(f'<div class="scenario">{head}{body}</div>')
    return "\n".join(parts)


def table_rows(summary: pd.DataFrame, lang: str, missing: list[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(metric label, [(main text, band text) per scenario]) for the report and the terminal."""
    start, end = int(summary["start_year"].iloc[0]), int(summary["end_year"].iloc[0])
    first = str(summary["scenario"].iloc[0])
    na, nr = text(lang, "na"), text(lang, "not_reported")

    def band(lo, hi, decimals=0):
        return text(lang, "band_of", low=number(lo, lang, decimals), high=number(hi, lang, decimals))

    def ci(lo, hi, first_row=False):
        if math.isnan(lo) or first_row:
            return ""
        interval = f"[{number(lo, lang, signed=True)}; {number(hi, lang, signed=True)}]"
        if lo == hi == 0:
            return interval
        return interval if B.distinguishable(lo, hi) else f"{interval} {B.indistinguishable_words(lang)}"

    out = []
    r = summary.to_dict("records")
    out.append((text(lang, "shortfall_end", end=end),
                [(number(x["shortfall_2030_mean"], lang), band(x["shortfall_2030_p10"], x["shortfall_2030_p90"])) for x in r]))
    out.append((text(lang, "shortfall_cum", start=start, end=end),
                [(number(x["shortfall_cumulative_2030_mean"], lang),
                  band(x["shortfall_cumulative_2030_p10"], x["shortfall_cumulative_2030_p90"])) for x in r]))
    out.append((text(lang, "shortfall_pos", start=start, end=end),
                [(number(x["shortfall_years_cumulative_mean"], lang),
                  band(x["shortfall_years_cumulative_p10"], x["shortfall_years_cumulative_p90"])) for x in r]))
    out.append((text(lang, "surplus_years"), [(number(x["surplus_years_mean"], lang, 1), "") for x in r]))
    out.append((text(lang, "diff_end", end=end, first=first),
                [(number(x["diff_2030_vs_first_mean"], lang, signed=True),
                  ci(x["diff_2030_ci_low"], x["diff_2030_ci_high"], i == 0)) for i, x in enumerate(r)]))
    out.append((text(lang, "diff_cum", first=first),
                [(number(x["diff_cumulative_vs_first_mean"], lang, signed=True),
                  ci(x["diff_ci_low"], x["diff_ci_high"], i == 0)) for i, x in enumerate(r)]))
    out.append((text(lang, "diff_pos", first=first),
                [(number(x["diff_shortfall_years_vs_first_mean"], lang, signed=True),
                  ci(x["diff_shortfall_years_ci_low"], x["diff_shortfall_years_ci_high"], i == 0)) for i, x in enumerate(r)]))
    out.append((text(lang, "unemployment_end", end=end),
                [(number(x["unemployment_rate_2030_mean"], lang, 1),
                  band(x["unemployment_rate_2030_p10"], x["unemployment_rate_2030_p90"], 1)) for x in r]))
    for ind in LEVER_INDICATORS:
        label = text(lang, ind)
        if ind == "cost_eur":
            out.append((label, [(number(x[ind], lang) + (f" ({nr})" if ind in missing else ""), "") for x in r]))
        else:
            out.append((label, [(nr if ind in missing else number(x[ind], lang), "") for x in r]))
    out.append((text(lang, "cost_per_avoided"),
                [(na if math.isnan(x["cost_per_shortfall_avoided_eur"]) else number(x["cost_per_shortfall_avoided_eur"], lang),
                  "" if not x["cost_per_avoided_reason"] or i == 0 else
                  text(lang, f"reason_{x['cost_per_avoided_reason']}", first=first))
                 for i, x in enumerate(r)]))
    for key, prefix in (("net_tech_row", "net_technical_employment_2030_diff"),
                        ("net_total_row", "net_total_employment_2030_diff"),
                        ("net_unfilled_row", "unfilled_nontechnical_2030_diff")):
        out.append((text(lang, key, end=end, first=first),
                    [(number(x[f"{prefix}_mean"], lang, signed=True),
                      ci(x[f"{prefix}_ci_low"], x[f"{prefix}_ci_high"], i == 0)) for i, x in enumerate(r)]))
    for key in ("cost_per_net_technical_job", "cost_per_net_job"):
        out.append((text(lang, key),
                    [(na if math.isnan(x[f"{key}_eur"]) else number(x[f"{key}_eur"], lang),
                      "" if not x[f"{key}_reason"] or i == 0 else
                      text(lang, f"cpn_reason_{x[f'{key}_reason']}", first=first))
                     for i, x in enumerate(r)]))
    return out


def notes(summary: pd.DataFrame, lang: str, missing: list[str]) -> list[str]:
    out = []
    if missing:
        out.append(text(lang, "note_missing", indicators=", ".join(missing), nr=text(lang, "not_reported")))
    noisy = [str(x["scenario"]) for x in summary.iloc[1:].to_dict("records")
             if not math.isnan(x["diff_ci_low"])
             and not (x["diff_cumulative_distinguishable"] and x["diff_2030_distinguishable"])
             and not (x["diff_ci_low"] == x["diff_ci_high"] == 0)]
    if noisy:
        out.append(text(lang, "note_noise", names=", ".join(noisy)))
    out.append(text(lang, "cost_per_avoided_note"))
    return out


def headline(summary: pd.DataFrame, lang: str) -> list[tuple[str, list[str]]]:  # noqa: C901
    """(scenario, sentences) per scenario: what a policy officer asks first."""
    start, end = int(summary["start_year"].iloc[0]), int(summary["end_year"].iloc[0])
    first = str(summary["scenario"].iloc[0])
    n_years = end - start + 1

    def band(lo, hi):
        return text(lang, "band_of", low=number(lo, lang), high=number(hi, lang))

    def diff(key, m, lo, hi, **kw):
        words = text(lang, "less" if m < 0 else "more")
        line = text(lang, key, first=first, start=start, end=end, diff=f"{number(m, lang, signed=True)} ({words})",
                    ci=f"[{number(lo, lang, signed=True)}; {number(hi, lang, signed=True)}]", **kw)
        verdict = ("" if B.distinguishable(lo, hi) else f": {B.indistinguishable_words(lang)}")
        return line + verdict + "."

    out = []
    for i, x in enumerate(summary.to_dict("records")):
        lines = [text(lang, "hl_level", end=end, start=start, value=number(x["shortfall_2030_mean"], lang),
                      band=band(x["shortfall_2030_p10"], x["shortfall_2030_p90"]),
                      cum=number(x["shortfall_cumulative_2030_mean"], lang),
                      cum_band=band(x["shortfall_cumulative_2030_p10"], x["shortfall_cumulative_2030_p90"]))]
        if x["surplus_years_mean"] > 0:
            lines.append(text(lang, "hl_surplus", years=number(x["surplus_years_mean"], lang, 1), n_years=n_years,
                              pos=number(x["shortfall_years_cumulative_mean"], lang)))
        else:
            lines.append(text(lang, "hl_no_surplus"))
        if i > 0:
            if x["diff_ci_low"] == x["diff_ci_high"] == 0 and x["diff_2030_ci_low"] == x["diff_2030_ci_high"] == 0:
                lines.append(text(lang, "hl_same", first=first))
            else:
                lines.append(diff("hl_diff_end", x["diff_2030_vs_first_mean"], x["diff_2030_ci_low"], x["diff_2030_ci_high"]))
                lines.append(diff("hl_diff_cum", x["diff_cumulative_vs_first_mean"], x["diff_ci_low"], x["diff_ci_high"]))
            cpa = x["cost_per_shortfall_avoided_eur"]
            if not math.isnan(cpa):
                first_cost = float(summary["cost_eur"].iloc[0])
                lines.append(text(lang, "hl_cpa", value=number(cpa, lang), cost=number(x["cost_eur"] - first_cost, lang),
                                  avoided=number(-x["diff_shortfall_years_vs_first_mean"], lang)))
            elif x["cost_per_avoided_reason"]:
                lines.append(text(lang, "hl_cpa_none",
                                  reason=text(lang, f"reason_{x['cost_per_avoided_reason']}", first=first)))
            lines.extend(net_lines(x, lang, first, start, end, float(summary["cost_eur"].iloc[0])))
        out.append((str(x["scenario"]), lines))
    return out


def net_verdicts(x: dict, lang: str, start: int, end: int) -> tuple[list[str], list[str]]:
    """(effects told apart from chance, effects not) in December of the end year, by name."""
    from skillsim.compare.summary import NET_COLUMN_EFFECTS

    yes, no = [], []
    for prefix, effect in NET_COLUMN_EFFECTS.items():
        lo, hi = x[f"{prefix}_ci_low"], x[f"{prefix}_ci_high"]
        if lo != lo and x[f"{prefix}_mean"] != x[f"{prefix}_mean"]:
            continue  # not reported
        name = text(lang, effect, start=start).lower() if lang == "en" else text(lang, effect, start=start)
        (yes if B.distinguishable(lo, hi) else no).append(name)
    return yes, no


def net_lines(x: dict, lang: str, first: str, start: int, end: int, first_cost: float) -> list[str]:
    """Sentences on the net effects of one scenario: which are distinguishable from chance
    and which not, and the costs per net technical job and per net job with what they mean."""
    yes, no = net_verdicts(x, lang, start, end)
    lines = []
    if yes or no:
        none = text(lang, "net_none")
        lines.append(text(lang, "net_distinct", scenario=text(lang, "net_effect").capitalize(),
                          names="; ".join(yes) or none))
        lines.append(text(lang, "net_not_distinct", scenario=text(lang, "net_effect").capitalize(),
                          names="; ".join(no) or none))
    extra = x["cost_eur"] - first_cost
    for key, words, prefix in (("cost_per_net_technical_job", "cpn_tech", "net_technical_employment_2030_diff"),
                               ("cost_per_net_job", "cpn_total", "net_total_employment_2030_diff")):
        value = x[f"{key}_eur"]
        if value == value:
            lines.append(text(lang, words, value=number(value, lang), cost=number(extra, lang),
                              jobs=number(x[f"{prefix}_mean"], lang), end=end, first=first))
        elif x[f"{key}_reason"]:
            lines.append(text(lang, f"{words}_none", reason=text(lang, f"cpn_reason_{x[f'{key}_reason']}", first=first)))
    return lines


def net_html(summary: pd.DataFrame, net: pd.DataFrame, labels: list[str], lang: str, n_runs: int,
             members: str, image: Path | None) -> str:
    """The net-effects section: a table (effect x scenario, December of the end year, with
    the 95% interval and the verdict in words), the per-year chart, and the costs per net job."""
    from skillsim.compare.net_effects import EFFECTS
    from skillsim.compare.summary import NET_COLUMN_EFFECTS

    start, end = int(summary["start_year"].iloc[0]), int(summary["end_year"].iloc[0])
    first = labels[0]
    parts = [f"<h2 id=\"net-effects\">{_e(text(lang, 'net_title', first=first))}</h2>",
             f"<p>{_e(text(lang, 'net_intro', first=first))}</p>"]
    rows = summary.iloc[1:].to_dict("records")
    if rows:
        head = "".join(f"<th>{_e(x['scenario'])}<br>{_e(text(lang, 'net_in_year', end=end))}</th>" for x in rows)
        body = []
        prefix_of = {effect: prefix for prefix, effect in NET_COLUMN_EFFECTS.items()}
        for effect in EFFECTS:
            prefix = prefix_of[effect]
            cells = []
            for x in rows:
                m, lo, hi = x[f"{prefix}_mean"], x[f"{prefix}_ci_low"], x[f"{prefix}_ci_high"]
                if m != m:
                    cells.append(f'<td class="num">{_e(text(lang, "not_reported"))}</td>')
                    continue
                verdict = (text(lang, "net_same") if lo == hi == 0 else
                           text(lang, "net_yes") if B.distinguishable(lo, hi) else text(lang, "net_no"))
                interval = "" if lo != lo else f"[{number(lo, lang, signed=True)}; {number(hi, lang, signed=True)}]"
                cells.append(f'<td class="num" data-effect="{_e(effect)}">{_e(number(m, lang, signed=True))}'
                             f'<br><span class="band">{_e(interval)} {_e(verdict)}</span></td>')
            unit = text(lang, f"unit_{EFFECTS[effect]}")
            body.append(f"<tr><th>{_e(text(lang, effect, start=start))} ({_e(unit)})</th>{''.join(cells)}</tr>")
        parts.append(f"<table><tr><th>{_e(text(lang, 'net_effect'))}</th>{head}</tr>{''.join(body)}</table>")
        parts.append(f'<p class="band">{_e(text(lang, "net_ci_note", n=n_runs, members=members))}</p>')
        for x in rows:
            lines = net_lines(x, lang, first, start, end, float(summary["cost_eur"].iloc[0]))
            parts.append(f'<div class="scenario"><strong>{_e(x["scenario"])}</strong><ul>'
                         + "".join(f"<li>{_e(line)}</li>" for line in lines) + "</ul></div>")
    if image is not None:
        parts.append(f"<p>{_img(image, text(lang, 'net_chart', first=first))}</p>")
    return "\n".join(parts)


_UNC = {
    "nl": {
        "split_title": "Waar de onzekerheid vandaan komt",
        "split_intro": ("Hoeveel van de spreiding in het cumulatieve tekort tot {end} (en in het verschil met {first}) "
                        "komt door toeval (seeds), door onzekerheid in de gekalibreerde parameters (trekkingen uit de "
                        "posterior) en door de onbekende groei van de technische vraag (vraagpaden)? Aandeel in de "
                        "variantie over {n} runs; een verdeling in hoofdeffecten, wisselwerkingen tellen bij toeval."),
        "split_seeds_only": ("Deze vergelijking draaide alleen over seeds: de band toont alleen toeval, niet de "
                             "onzekerheid in parameters en vraag. Gebruik --ensemble posterior:N,demand:all,seeds:K "
                             "voor de volledige band."),
        "quantity": "grootheid", "level": "cumulatief tekort", "difference": "verschil met {first}",
        "chance": "toeval", "parameters": "parameters", "demand": "vraag", "sd": "standaardafwijking",
        "tension_title": "Kans op krapte per regio en technische beroepsgroep",
        "tension_intro": ("Spanningsindicator zoals UWV die berekent: openstaande vacatures per werkloze die korter "
                          "dan zes maanden werkloos is (UWV telt WW-uitkeringen korter dan zes maanden). UWV noemt "
                          "een markt krap bij 1,5 tot 4 en zeer krap boven 4 vacatures per kortdurend werkloze. De "
                          "tabel geeft per scenario het aandeel van de {n} runs waarin de markt in dat jaar krap of "
                          "zeer krap is (jaargemiddelde van de kwartalen). 100% betekent: in elke run krap; bij een "
                          "kleine schaal zijn markten met weinig werklozen onrustig."),
        "region": "regio", "group": "beroepsgroep", "tight": "kans (zeer) krap {year}",
    },
    "en": {
        "split_title": "Where the uncertainty comes from",
        "split_intro": ("How much of the spread of the cumulative shortfall to {end} (and of the difference against "
                        "{first}) comes from chance (seeds), from the calibrated parameters (posterior draws) and from "
                        "the unknown growth of technical demand (demand paths)? Share of the variance over {n} runs; "
                        "a main-effects split, interactions count as chance."),
        "split_seeds_only": ("This comparison ran over seeds only: the band shows chance alone, not parameter or "
                             "demand uncertainty. Use --ensemble posterior:N,demand:all,seeds:K for the full band."),
        "quantity": "quantity", "level": "cumulative shortfall", "difference": "difference vs {first}",
        "chance": "chance", "parameters": "parameters", "demand": "demand", "sd": "standard deviation",
        "tension_title": "Chance of a tight market per region and technical occupation group",
        "tension_intro": ("Tension as UWV computes it: open vacancies per unemployed person with an unemployment "
                          "duration under six months (UWV counts WW benefits under six months). UWV calls a market "
                          "tight (krap) at 1.5-4 and very tight (zeer krap) above 4 vacancies per short-term "
                          "unemployed. The table gives per scenario the share of the {n} runs in which the market is "
                          "tight or very tight in that year (mean of the quarters). At small scales markets with few "
                          "unemployed are noisy."),
        "region": "region", "group": "occupation group", "tight": "chance (very) tight {year}",
    },
}


# Dutch names of the technical occupation groups (model/structure.py; CBS BRC 2014 class 07 split, 08)
GROUP_NL = {
    "metal and machine mechanics": "metaal en machinebouw",
    "electrical and installation": "elektrotechniek en installatie",
    "construction and civil engineering": "bouw en infra",
    "process and food technology": "procestechniek en voeding",
    "other technical": "overige techniek",
    "ICT": "ICT",
}


def _pct(v: float, lang: str) -> str:
    if v != v:  # NaN
        return "-"
    t = f"{100 * v:.0f}%"
    return t


def uncertainty_html(uncertainty, labels: list[str], lang: str, end: int) -> str:
    """The uncertainty split and the chance of tight markets (skillsim/compare/uncertainty.py)."""
    from skillsim.compare.uncertainty import region_order, report_years, tight_chance

    split, categories, composition, n = uncertainty
    w = _UNC[lang]
    parts = [f"<h2>{_e(w['split_title'])}</h2>"]
    if composition is None:
        parts.append(f'<p class="note">{_e(w["split_seeds_only"])}</p>')
    parts.append(f"<p>{_e(w['split_intro'].format(end=end, first=labels[0], n=n))}</p>")
    parts.append(f"<p class=\"band\">{_e(B.band_sentence(lang, n, composition=composition))}</p>")
    rows = []
    for _, r in split.iterrows():
        q = w["level"] if r["quantity"] == "level" else w["difference"].format(first=labels[0])
        sd = math.sqrt(r["var_total"]) if r["var_total"] == r["var_total"] else math.nan
        rows.append(f"<tr><th>{_e(r['scenario'])}</th><td>{_e(q)}</td><td class=\"num\">{_e(number(sd, lang))}</td>"
                    + "".join(f'<td class="num">{_pct(r[f"share_{k}"], lang)}</td>' for k in ("chance", "parameters", "demand"))
                    + "</tr>")
    parts.append(f"<table><tr><th></th><th>{_e(w['quantity'])}</th><th>{_e(w['sd'])}</th><th>{_e(w['chance'])}</th>"
                 f"<th>{_e(w['parameters'])}</th><th>{_e(w['demand'])}</th></tr>{''.join(rows)}</table>")
    tight = tight_chance(categories)
    if len(tight):
        years = [y for y in report_years(categories) if f"tight_{y}" in tight.columns]
        parts.append(f"<h2>{_e(w['tension_title'])}</h2><p>{_e(w['tension_intro'].format(n=n))}</p>")
        head = "".join(f"<th>{_e(label)}<br>{_e(w['tight'].format(year=y))}</th>" for label in labels for y in years)
        body = []
        # as text once, not once per table cell
        scenario_s, region_s, group_s = (tight[c].astype(str) for c in ("scenario", "region", "occupation_group"))
        for region in region_order(tight):
            for group in sorted(set(group_s[region_s == region])):
                cells = []
                for label in labels:
                    row = tight[(scenario_s == label) & (region_s == region) & (group_s == group)]
                    for y in years:
                        v = float(row[f"tight_{y}"].iloc[0]) if len(row) else math.nan
                        cells.append(f'<td class="num">{_pct(v, lang)}</td>')
                name = GROUP_NL.get(group, group) if lang == "nl" else group
                body.append(f"<tr><th>{_e(region)}</th><td>{_e(name)}</td>{''.join(cells)}</tr>")
        parts.append(f"<table><tr><th>{_e(w['region'])}</th><th>{_e(w['group'])}</th>{head}</tr>{''.join(body)}</table>")
    return "\n".join(parts)


def render(summary: pd.DataFrame, scenarios: list[Scenario], labels: list[str], lang: str,
           images: dict[str, Path], seeds: list[int], scale: float, missing: list[str], provenance: dict,
           uncertainty=None, net: pd.DataFrame | None = None, net_image: Path | None = None) -> str:
    """uncertainty: (uncertainty.csv frame, tension_categories frame, ensemble composition or
    None, number of runs per scenario), shown after the charts when given. net: the
    net_effects.csv frame and net_image its chart, shown after the headline charts."""
    start, end = int(summary["start_year"].iloc[0]), int(summary["end_year"].iloc[0])
    first = labels[0]
    composition = uncertainty[2] if uncertainty is not None else None
    n_runs = uncertainty[3] if uncertainty is not None else len(seeds)
    unc_html = uncertainty_html(uncertainty, labels, lang, end) if uncertainty is not None else ""
    members = "" if composition is None else (" (" + B.band_label(lang, n_runs, composition).split("(", 1)[1])
    net_section = net_html(summary, net, labels, lang, n_runs, members, net_image) if net is not None else ""
    head = "".join(f"<th>{_e(label)}</th>" for label in labels)
    body = []
    for metric, cells in table_rows(summary, lang, missing):
        tds = "".join(f'<td class="num">{_e(main)}' + (f'<br><span class="band">{_e(b)}</span>' if b else "") + "</td>"
                      for main, b in cells)
        body.append(f"<tr><th>{_e(metric)}</th>{tds}</tr>")
    table_html = f"<table><tr><th>{_e(text(lang, 'metric'))}</th>{head}</tr>{''.join(body)}</table>"
    note_html = "".join(f'<p class="note">{_e(n)}</p>' for n in notes(summary, lang, missing))
    seeds_text = f"{seeds[0]}-{seeds[-1]}" if seeds == list(range(seeds[0], seeds[-1] + 1)) else ", ".join(map(str, seeds))
    scale_note = (text(lang, "scale_all") if scale == 1 else text(lang, "scale_sample", n=f"{1 / scale:.4g}"))
    scale_text = f'{scale:g}'.replace('.', ',') if lang == 'nl' else f'{scale:g}'
    limits = "".join(f"<li>{_e(item.format(scale=scale_text, scale_note=scale_note, n=len(seeds), start=start, end=end))}</li>"
                     for item in LABELS[lang]["limits_items"])
    lead_images = {alt: path for alt, path in images.items() if "unemployment" not in Path(path).stem}
    rest_images = {alt: path for alt, path in images.items() if alt not in lead_images}
    lead_charts = "".join(f"<p>{_img(path, alt)}</p>" for alt, path in lead_images.items())
    charts = "".join(f"<p>{_img(path, alt)}</p>" for alt, path in rest_images.items())
    about = {label: description(sc.description, lang) for label, sc in zip(labels, scenarios)}
    head_items = "".join(
        f'<div class="scenario" data-scenario="{_e(name)}"><strong>{_e(name)}</strong>'
        f'{" (" + _e(about[name]) + ")" if about.get(name) else ""}'
        f'{" &mdash; <em>" + _e(text(lang, "reference")) + "</em>" if i == 0 else ""}'
        f'<ul>{"".join(f"<li>{_e(line)}</li>" for line in lines)}</ul></div>'
        for i, (name, lines) in enumerate(headline(summary, lang)))
    return f"""<!DOCTYPE html>
<html lang="{text(lang, 'lang_attr')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(text(lang, 'title'))}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{_e(text(lang, 'title'))}</h1>
<h2 id="headline">{_e(text(lang, 'headline', end=end))}</h2>
<p>{_e(text(lang, 'headline_intro', start=start, end=end, first=first))}</p>
{head_items}
<p class="band">{_e(B.band_sentence(lang, n_runs, composition=composition))}</p>
{lead_charts}
{net_section}
<h2>{_e(text(lang, 'scenarios'))}</h2>
{_scenario_section(scenarios, labels, lang)}
<h2>{_e(text(lang, 'results'))}</h2>
{table_html}
{note_html}
<h3>{_e(text(lang, 'how_to_read'))}</h3>
<p>{_e(text(lang, 'how_to_read_text', n=len(seeds), seeds=seeds_text, first=first))}</p>
<h2>{_e(text(lang, 'charts', end=end))}</h2>
<p>{_e(text(lang, 'fan_note', first=first))}</p>
{charts}
{unc_html}
<h2>{_e(text(lang, 'limits'))}</h2>
<ul>{limits}</ul>
<footer><strong>{_e(text(lang, 'provenance'))}</strong>: {_e(text(lang, 'provenance_text', **provenance))}</footer>
</body>
</html>
"""
