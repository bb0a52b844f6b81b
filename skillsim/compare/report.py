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
        out.append((str(x["scenario"]), lines))
    return out


def render(summary: pd.DataFrame, scenarios: list[Scenario], labels: list[str], lang: str,
           images: dict[str, Path], seeds: list[int], scale: float, missing: list[str], provenance: dict) -> str:
    start, end = int(summary["start_year"].iloc[0]), int(summary["end_year"].iloc[0])
    first = labels[0]
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
<p class="band">{_e(B.band_sentence(lang, len(seeds)))}</p>
{lead_charts}
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
<h2>{_e(text(lang, 'limits'))}</h2>
<ul>{limits}</ul>
<footer><strong>{_e(text(lang, 'provenance'))}</strong>: {_e(text(lang, 'provenance_text', **provenance))}</footer>
</body>
</html>
"""
