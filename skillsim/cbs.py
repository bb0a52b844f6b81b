"""Online loader for the CBS tables the calibration uses.

Downloads CBS StatLine tables from CBS open data (opendata.cbs.nl, OData v3) with the
`cbsodata` package and turns them into the tidy CSV layouts of the calibration
snapshot in `calibration/data/` (see its README.md and PROVENANCE.md):

- labour-force layout, as `cbs_labour_force_snapshots.csv`;
- annual-vacancies layout, as `cbs_vacancies_nl_annual_1997_2023.csv`;
- facts layout, as `cbs_vacancies_regional_and_sector_snapshots.csv` and the other
  `region, period, category, ...` files.

Each table is written to its own file `cbs_online_<table id>.csv`, so the snapshot
files are never overwritten and levels of different table versions (vintages) are
never mixed in one file. Every row keeps its table id.

How CBS encodes things, and how this module maps them:

- period keys: '2019JJ00' (year) -> '2019'; '2019KW02' (quarter) -> '2019Q2';
  '2024MM04' (month) -> '2024-04'. Other period kinds are not used.
- region keys are padded to six characters ('PV27  ' is Noord-Holland, 'NL01  ' the
  Netherlands); the prefix gives the region type (NL country, PV province, GM
  municipality, AM labour-market region, CR COROP, LD landsdeel).
- measure columns carry a numeric suffix that differs per table and per table
  version ('Werkloosheidspercentage_5' in one table, '_12' in another). The suffixed
  key is looked up in the table's DataProperties by its stem; the unit CBS declares
  there is checked, so a level published in another scale is never written silently.
- `cbsodata.get_data` replaces dimension keys by their titles ('Noord-Holland (PV)',
  '2019 2e kwartaal'); they are mapped back to keys with the dimension metadata.
- dimensions other than region and period are fixed to the key a table spec names,
  or to the table's total category (CBS total keys start with 'T0', e.g. T001081 "A-U
  Alle economische activiteiten"), unless the spec keeps all categories.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import cbsodata
import requests

from skillsim.errors import UserError
from skillsim.paths import snapshot_dir

CBS_HOST = "opendata.cbs.nl"
API_URL = f"https://{CBS_HOST}/ODataApi/odata"
DEFAULT_TIMEOUT_S = 30.0  # seconds per HTTP request (connect and read), passed to requests
DEFAULT_OUT_DIR = snapshot_dir()  # next to the shipped snapshot, wherever skillsim is run from

LABOUR_FORCE_COLUMNS = (
    "region", "region_type", "period", "age_group", "variable", "value", "unit",
    "cbs_table", "table_title", "source_url", "note",
)  # the columns of cbs_labour_force_snapshots.csv
VACANCY_ANNUAL_COLUMNS = ("region", "period", "sector", "variable", "value", "unit", "cbs_table")
FACT_COLUMNS = (
    "region", "period", "category", "variable", "value", "unit",
    "source_org", "source_id", "source_url", "note",
)  # the columns of the snapshot's other CBS/UWV files

PERIOD_KINDS = {"JJ": "year", "KW": "quarter", "MM": "month"}
REGION_TYPES = {
    "NL": "country", "PV": "province", "GM": "municipality",
    "AM": "labour_market_region", "CR": "corop", "LD": "landsdeel",
}
MISSING_SYMBOLS = {"", ".", "x", "-", "?"}  # CBS symbols for "no value" in untyped data


@dataclass(frozen=True)
class Measure:
    """One CBS measure (topic) and the tidy variable it becomes.

    `stems` are the DataProperties keys without the numeric suffix (several when CBS
    spelled it differently across tables); `cbs_unit` is the unit CBS declares for it,
    without spaces and lower-case ('x1000' for thousands, '%' for percentages).
    """

    stems: tuple[str, ...]
    variable: str
    unit: str
    cbs_unit: str


@dataclass(frozen=True)
class TableSpec:
    """What to take from one CBS table and how to write it.

    `measures` empty means: every measure of the table, named after its stem, with
    the unit CBS declares. `regions` are region keys without padding; a table
    without a region dimension is national ('Netherlands').
    """

    table_id: str
    title: str
    layout: str  # 'labour_force' | 'vacancy_annual' | 'facts'
    period_kinds: tuple[str, ...]
    measures: tuple[Measure, ...] = ()
    regions: tuple[str, ...] = ("NL01", "PV27")
    fixed: dict[str, str] = field(default_factory=dict)  # dimension -> category key
    keep_all_categories: bool = False  # other dimensions: all categories, not the total
    age_group: str = "15-74"
    note: str = ""

    @property
    def file_name(self) -> str:
        return f"cbs_online_{self.table_id}.csv"

    @property
    def columns(self) -> tuple[str, ...]:
        return {
            "labour_force": LABOUR_FORCE_COLUMNS,
            "vacancy_annual": VACANCY_ANNUAL_COLUMNS,
            "facts": FACT_COLUMNS,
        }[self.layout]


def _persons(stem: str, variable: str) -> Measure:
    return Measure((stem,), variable, "x1000 persons", "x1000")


def _rate(stem: str, variable: str) -> Measure:
    return Measure((stem,), variable, "%", "%")


# EBB labour-force measures of the provincial tables (15-74 years, x1000 or %).
LABOUR_FORCE_MEASURES = (
    _persons("BeroepsEnNietBeroepsbevolking", "population"),
    _persons("Beroepsbevolking", "labour_force"),
    _persons("WerkzameBeroepsbevolking", "employed"),
    _persons("WerklozeBeroepsbevolking", "unemployed"),
    _rate("Werkloosheidspercentage", "unemployment_rate"),
    _persons("NietBeroepsbevolking", "not_in_labour_force"),
    _rate("BrutoArbeidsparticipatie", "gross_participation_rate"),
    _rate("NettoArbeidsparticipatie", "net_participation_rate"),
)

TABLES: dict[str, TableSpec] = {
    spec.table_id: spec
    for spec in (
        TableSpec(
            "85268NED", "Arbeidsdeelname; provincie", "labour_force", ("JJ", "KW"),
            LABOUR_FORCE_MEASURES,
        ),
        TableSpec(
            "83523NED", "Arbeidsdeelname; provincie (2003-2022)", "labour_force", ("JJ", "KW"),
            LABOUR_FORCE_MEASURES,
            note="discontinued predecessor of 85268NED; do not mix levels with 85268NED",
        ),
        TableSpec(
            "80472ned", "Vacatures; SBI 2008; naar economische activiteit en bedrijfsgrootte",
            "vacancy_annual", ("JJ",),
            (
                Measure(("OpenstaandeVacatures",), "open_vacancies_annual_avg",
                        "x1000 (average of end-of-quarter stocks)", "x1000"),
                Measure(("VervuldeVacatures",), "filled_vacancies_annual_total",
                        "x1000 (annual total)", "x1000"),
            ),
            fixed={"Bedrijfskenmerken": "T001081"},  # A-U Alle economische activiteiten
        ),
        TableSpec(
            "83599NED", "Openstaande vacatures; SBI 2008, regio", "facts", ("KW",),
            (Measure(("OpenstaandeVacatures",), "open_vacancies", "x1000", "x1000"),),
            keep_all_categories=True, note="end of quarter; not seasonally adjusted",
        ),
        TableSpec(
            "85276NED", "Werkzame beroepsbevolking; beroep", "facts", ("JJ", "KW"),
            (Measure(("WerkzameBeroepsbevolking",), "employed", "x1000", "x1000"),),
            keep_all_categories=True, note="15-74; BRC 2014 beroepsklasse",
        ),
        TableSpec(
            "85386NED", "Arbeidsdeelname; wisselingen van arbeidspositie per kwartaal",
            "facts", ("KW",), keep_all_categories=True,
            note="15-74; position now vs one quarter earlier",
        ),
        TableSpec(
            "82848NED", "Arbeidsdeelname; wisselingen van arbeidspositie per maand",
            "facts", ("MM",), keep_all_categories=True, note="15-74",
        ),
    )
}
DEFAULT_TABLES = ("85268NED", "83599NED", "80472ned", "85276NED", "85386NED", "82848NED")


def table_spec(table_id: str) -> TableSpec:
    """The spec of a table id, case-insensitive ('80472NED' finds '80472ned')."""
    for key, spec in TABLES.items():
        if key.lower() == table_id.strip().lower():
            return spec
    known = ", ".join(TABLES)
    raise UserError(f"unknown CBS table {table_id!r}; known tables: {known}")


def tidy_period(key: str) -> str | None:
    """Map a CBS period key to the snapshot's period label, or None for other kinds.

    '2019JJ00' -> '2019', '2019KW02' -> '2019Q2', '2024MM04' -> '2024-04'.
    """
    match = re.fullmatch(r"(\d{4})(JJ|KW|MM)(\d{2})", key.strip())
    if match is None:
        return None
    year, kind, number = match.groups()
    if kind == "JJ":
        return year
    if kind == "KW":
        return f"{year}Q{int(number)}"
    return f"{year}-{number}"


def tidy_region(key: str, title: str) -> tuple[str, str]:
    """Map a CBS region key and title to the snapshot's (region, region_type).

    'NL01  ' -> ('Netherlands', 'country'); 'PV27  ' with title 'Noord-Holland (PV)'
    -> ('Noord-Holland', 'province').
    """
    key = key.strip()
    if key.startswith("NL"):
        return "Netherlands", "country"
    name = re.sub(r"\s*\((PV|CR|LD|AM|GM)\)\s*$", "", title.strip())
    return name, REGION_TYPES.get(key[:2], "region")


def _stem(measure_key: str) -> str:
    """'Werkloosheidspercentage_12' -> 'werkloosheidspercentage' (for matching)."""
    return re.sub(r"_\d+$", "", measure_key).lower()


def _snake(stem: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", stem).lower()


def measure_columns(spec: TableSpec, properties: list[dict]) -> list[tuple[str, Measure]]:
    """Find the suffixed column of each wanted measure in a table's DataProperties.

    Returns (column key, measure) pairs in the spec's order. A measure the table does
    not have is left out; none at all, two columns for one measure, or a unit other
    than the expected one raise UserError.
    """
    topics = [p for p in properties if p.get("Type") == "Topic" and p.get("Key")]
    if not spec.measures:
        return [
            (p["Key"], Measure((p["Key"],), _snake(re.sub(r"_\d+$", "", p["Key"])),
                               _unit_label(p.get("Unit")), _norm_unit(p.get("Unit"))))
            for p in topics
        ]
    found = []
    for measure in spec.measures:
        stems = {s.lower() for s in measure.stems}
        hits = [p for p in topics if _stem(p["Key"]) in stems]
        if len(hits) > 1:
            keys = ", ".join(p["Key"] for p in hits)
            raise UserError(f"CBS table {spec.table_id}: measure {measure.variable} is ambiguous ({keys})")
        if not hits:
            continue
        unit = _norm_unit(hits[0].get("Unit"))
        if unit != measure.cbs_unit:
            raise UserError(
                f"CBS table {spec.table_id}: {hits[0]['Key']} has unit {hits[0].get('Unit')!r}, "
                f"expected {measure.cbs_unit!r}; the table layout changed"
            )
        found.append((hits[0]["Key"], measure))
    if not found:
        wanted = ", ".join(m.stems[0] for m in spec.measures)
        raise UserError(f"CBS table {spec.table_id}: none of the measures {wanted} is in DataProperties")
    return found


def _norm_unit(unit: str | None) -> str:
    return (unit or "").replace(" ", "").replace("\u00a0", "").lower()


def _unit_label(unit: str | None) -> str:
    return "x1000" if _norm_unit(unit) == "x1000" else (unit or "").strip()


def _value(raw: object) -> float | None:
    """A CBS cell as a float; None for CBS's 'no value' symbols and nulls."""
    if raw is None:
        return None
    if isinstance(raw, (int, float)):
        return float(raw)
    text = str(raw).strip()
    return None if text in MISSING_SYMBOLS else float(text)


def _reason(exc: BaseException) -> str:
    """The innermost cause of a requests error, on one short line."""
    inner = exc
    for _ in range(6):
        nxt = getattr(inner, "reason", None)
        if not isinstance(nxt, BaseException) and inner.args and isinstance(inner.args[0], BaseException):
            nxt = inner.args[0]
        if not isinstance(nxt, BaseException):
            break
        inner = nxt
    text = " ".join(str(inner).split())[:200] or type(inner).__name__
    return f"{type(inner).__name__}: {text}" if inner is not exc else text


def _unchanged(out_dir: Path) -> str:
    """What a failed refresh left alone, naming only folders that exist: the output folder
    (or that it was not created) and the shipped snapshot, which a refresh never writes."""
    from skillsim.paths import snapshot_dir

    out = Path(out_dir)
    where = f"nothing written to {out}/" if out.is_dir() else f"nothing written ({out}/ not created)"
    return f"{where}; the CBS snapshot in {snapshot_dir()}/ is unchanged"


def _call(spec: TableSpec, out_dir: Path, fn: Callable, *args, **kwargs):
    """Call cbsodata; turn network and protocol failures into a one-line UserError."""
    try:
        return fn(*args, **kwargs)
    except (requests.exceptions.RequestException, OSError) as exc:
        raise UserError(
            f"cannot reach CBS open data ({CBS_HOST}) for table {spec.table_id}: {_reason(exc)}; "
            f"{_unchanged(out_dir)}"
        ) from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise UserError(
            f"unexpected answer from CBS open data ({CBS_HOST}) for table {spec.table_id}: "
            f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}; "
            f"{_unchanged(out_dir)}"
        ) from exc


def _or_filter(column: str, keys: Iterable[str]) -> str:
    return "(" + " or ".join(f"{column} eq '{key}'" for key in keys) + ")"


def fetch_table(
    spec: TableSpec, *, out_dir: Path = DEFAULT_OUT_DIR, timeout_s: float = DEFAULT_TIMEOUT_S,
    retrieved: str | None = None,
) -> list[dict]:
    """Download one table and return its tidy rows (dicts keyed by the layout's columns)."""
    retrieved = retrieved or dt.date.today().isoformat()
    table = spec.table_id

    def meta(name: str) -> list[dict]:
        return _call(spec, out_dir, cbsodata.get_meta, table, name, timeout=timeout_s)

    properties = meta("DataProperties")
    measures = measure_columns(spec, properties)
    dims = [p for p in properties if p.get("Type") in ("Dimension", "GeoDimension", "TimeDimension")]
    time_dim = next((p["Key"] for p in dims if p["Type"] == "TimeDimension"), None)
    geo_dim = next((p["Key"] for p in dims if p["Type"] == "GeoDimension"), None)
    if time_dim is None:
        raise UserError(f"CBS table {table}: no period dimension in DataProperties")
    categories = {p["Key"]: meta(p["Key"]) for p in dims}
    dim_titles = {p["Key"]: (p.get("Title") or p["Key"]).strip() for p in dims}

    wanted: dict[str, set[str] | None] = {}  # dimension -> category keys kept (None: all)
    filters = ["(" + " or ".join(f"substringof('{k}',{time_dim})" for k in spec.period_kinds) + ")"]
    if geo_dim is not None:
        keys = [c["Key"] for c in categories[geo_dim] if c["Key"].strip() in spec.regions]
        if not keys:
            raise UserError(f"CBS table {table}: none of the regions {', '.join(spec.regions)} is in {geo_dim}")
        wanted[geo_dim] = set(keys)
        filters.append(_or_filter(geo_dim, keys))
    for dim in (p["Key"] for p in dims if p["Key"] not in (time_dim, geo_dim)):
        key = spec.fixed.get(dim) or (None if spec.keep_all_categories else _total_key(table, dim, categories[dim]))
        wanted[dim] = None if key is None else {key}
        if key is not None:
            filters.append(f"{dim} eq '{key}'")

    rows = _call(
        spec, out_dir, cbsodata.get_data, table, filters=" and ".join(filters),
        select=[p["Key"] for p in dims] + [key for key, _ in measures], timeout=timeout_s,
    )
    return _call(  # a malformed answer (missing column, odd value) is reported like a failed call
        spec, out_dir, _tidy_rows, spec, rows, measures, categories, dim_titles, time_dim, geo_dim,
        wanted, retrieved,
    )


def _total_key(table: str, dim: str, categories: list[dict]) -> str:
    totals = [c["Key"] for c in categories if c["Key"].startswith("T0")]
    if len(totals) != 1:
        raise UserError(f"CBS table {table}: cannot tell the total category of {dim}; name it in the table spec")
    return totals[0]


def _key_of(dim: str, value: str, categories: list[dict]) -> str:
    """The category key of a cell; cbsodata.get_data puts the title there, not the key."""
    for category in categories:
        if value == category["Key"]:
            return value
    keys = [c["Key"] for c in categories if (c.get("Title") or "") == value]
    if len(keys) != 1:
        raise UserError(f"cannot map {dim} value {value!r} to a CBS key")
    return keys[0]


def _tidy_rows(spec, rows, measures, categories, dim_titles, time_dim, geo_dim, wanted, retrieved) -> list[dict]:
    by_key = {dim: {c["Key"]: c for c in cats} for dim, cats in categories.items()}
    out = []
    for row in rows:
        keys = {dim: _key_of(dim, row[dim], categories[dim]) for dim in categories if dim in row}
        period_key = keys[time_dim]
        if period_key[4:6] not in spec.period_kinds or tidy_period(period_key) is None:
            continue  # defensive: the period filter is also applied here
        if any(allowed is not None and keys.get(dim) not in allowed for dim, allowed in wanted.items()):
            continue
        if geo_dim is None:
            region, region_type = "Netherlands", "country"
        else:
            region, region_type = tidy_region(keys[geo_dim], by_key[geo_dim][keys[geo_dim]].get("Title", ""))
        others = [d for d in categories if d not in (time_dim, geo_dim)]
        titles = [(by_key[d][keys[d]].get("Title") or keys[d]).strip() for d in others]
        category = titles[0] if len(titles) == 1 else "|".join(
            f"{dim_titles[d]}={t}" for d, t in zip(others, titles))
        status = str(by_key[time_dim][period_key].get("Status") or "").strip().lower()
        note = "; ".join(filter(None, [
            spec.note,
            "provisional (CBS status Voorlopig)" if status.startswith("voorlopig") else "",
            f"retrieved {retrieved} from {CBS_HOST}",
        ]))
        for column, measure in measures:
            value = _value(row.get(column))
            if value is None:
                continue
            out.append({
                "region": region, "region_type": region_type, "period": tidy_period(period_key),
                "age_group": spec.age_group, "sector": category, "category": category,
                "variable": measure.variable, "value": value, "unit": measure.unit,
                "cbs_table": spec.table_id, "table_title": spec.title,
                "source_org": "CBS", "source_id": spec.table_id,
                "source_url": f"{API_URL}/{spec.table_id}", "note": note,
            })
    return out


def _write_all(out_dir: Path, outputs: list[tuple[Path, tuple[str, ...], list[dict]]]) -> list[Path]:
    """Write every file to a temporary name first, then rename them all.

    If anything fails before the renames, the temporary files are removed and no
    target file is touched.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[str, Path]] = []
    try:
        for path, columns, rows in outputs:
            fd, temp = tempfile.mkstemp(dir=out_dir, prefix=f".{path.name}.", suffix=".tmp")
            temps.append((temp, path))
            with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
                writer.writeheader()
                writer.writerows(rows)
                handle.flush()
                os.fsync(handle.fileno())
        from skillsim.sweep.store import public_mode

        for temp, path in temps:
            public_mode(temp)
            os.replace(temp, path)
    except BaseException:
        for temp, _ in temps:
            Path(temp).unlink(missing_ok=True)
        raise
    return [path for path, _, _ in outputs]


def refresh(
    tables: list[str] | None = None, out_dir: Path = DEFAULT_OUT_DIR, *,
    timeout_s: float = DEFAULT_TIMEOUT_S, retrieved: str | None = None,
) -> list[Path]:
    """Download `tables` (default: DEFAULT_TABLES) and write `cbs_online_<id>.csv` files.

    All tables are downloaded before anything is written, so a failure (no
    connection, an unexpected answer) leaves `out_dir` exactly as it was and raises
    UserError with one line. Returns the written paths.
    """
    out_dir = Path(out_dir)
    specs = [table_spec(t) for t in (tables or DEFAULT_TABLES)]
    outputs = []
    for spec in specs:
        rows = fetch_table(spec, out_dir=out_dir, timeout_s=timeout_s, retrieved=retrieved)
        outputs.append((out_dir / spec.file_name, spec.columns, rows))
    return _write_all(out_dir, outputs)
