"""Re-create the stored baseline run that every test run compares against.

Run only when a change to the model is meant to change results, and say why in the
commit message:  .venv/bin/python scripts/update_baseline.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from model.scenario import load_scenario  # noqa: E402
from model.simulate import simulate  # noqa: E402

STORED = ROOT / "tests" / "baseline" / "baseline_run.parquet"
SETTINGS = {"scenario": "scenarios/baseline.toml", "seed": 7, "scale": 0.004}


def stored_run():
    scenario = load_scenario(ROOT / SETTINGS["scenario"])
    return simulate(scenario, seed=SETTINGS["seed"], scale=SETTINGS["scale"])


def main() -> None:
    table = stored_run()
    STORED.parent.mkdir(parents=True, exist_ok=True)
    table.to_parquet(STORED, index=False)
    (STORED.parent / "settings.json").write_text(json.dumps(SETTINGS, indent=2) + "\n")
    short = table[(table.indicator == "technical_shortfall") & (table.region == "Noord-Holland") & (table.occupation_group == "all")]
    print(f"wrote {STORED.relative_to(ROOT)}: {len(table)} rows; shortfall per year: {short['value'].round().tolist()}")


if __name__ == "__main__":
    main()
