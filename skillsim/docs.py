"""Generate docs/parameters.md from the parameter declarations, so it cannot drift.

    .venv/bin/python -m skillsim.docs          # rewrite docs/parameters.md
"""

from __future__ import annotations

from pathlib import Path

from skillsim.model import parameters as P

OUT = Path(__file__).resolve().parent.parent / "docs" / "parameters.md"


def _fmt(value) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v:g}" if isinstance(v, float) else f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(f"{v:g}" for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def render() -> str:
    lines = [
        "# Parameters",
        "",
        "Generated from `model/parameters.py` (and `model/lever_parameters.py`) by",
        "`python -m skillsim.docs`; do not edit by hand. A by-year value `2018: a, 2020: b`",
        "means a from 2018, b from 2020 on. \"review §N\" is the province's mid-term review 2018",
        "(shared/seed); CBS table ids refer to calibration/data/.",
        "",
    ]
    for section in P.SECTIONS:
        lines += [f"## [{section}]", "", "| key | default | unit | range | meaning | source |", "|---|---|---|---|---|---|"]
        for p in P.PARAMETERS:
            if p.section != section:
                continue
            rng = "true/false" if p.kind == "bool" else f"{_fmt(p.low)} to {_fmt(p.high)}"
            doc = p.doc + (f" (lever: {p.lever})" if p.lever else "")
            lines.append(f"| `{p.name}` | {_fmt(p.default)} | {p.unit} | {rng} | {doc} | {p.source} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
