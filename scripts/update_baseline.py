"""Re-create the stored baseline run that every test run compares against.

Run only when a change to the model is meant to change results, and say why in the
commit message:  .venv/bin/python scripts/update_baseline.py
It prints which indicators moved against the stored run before replacing it.
"""

from __future__ import annotations

import pandas as pd

from skillsim import stored_baseline as sb


def main() -> None:
    table = sb.stored_run()
    if sb.STORED.is_file():
        moved = sb.differences(table, pd.read_parquet(sb.STORED))
        print("\n".join(moved) if moved else "unchanged: the fresh run equals the stored one")
    sb.write(table)
    short = table[(table.indicator == "technical_shortfall") & (table.region == "Noord-Holland") & (table.occupation_group == "all")]
    print(f"wrote {sb.STORED}: {len(table)} rows, and {sb.SUMMARY.name}; "
          f"shortfall per year: {short['value'].round().tolist()}")


if __name__ == "__main__":
    main()
