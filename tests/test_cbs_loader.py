"""Tests of the calibration snapshot and of the online CBS loader (skillsim/cbs.py).

There is no network here: the loader is run against constructed CBS responses in
tests/fixtures/cbs/ (see the README there; every value in them is a snapshot value),
by replacing cbsodata.get_meta / get_data.
"""

from __future__ import annotations

import csv
import hashlib
import json
import threading
from pathlib import Path

import pytest
import requests

from skillsim import cbs, cli
from skillsim.errors import UserError

from helpers import ROOT
SNAPSHOT_DIR = ROOT / "calibration" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cbs"
RETRIEVED = "2026-11-27"


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


class FakeCBS:
    """Stands in for cbsodata: answers from tests/fixtures/cbs/<table>/ and logs calls."""

    def __init__(self, root: Path = FIXTURES, overrides: dict | None = None):
        self.root = root
        self.overrides = overrides or {}  # (table, name) -> replacement metadata
        self.meta_calls: list[tuple[str, str, dict]] = []
        self.data_calls: list[tuple[str, str, list, dict]] = []

    def _load(self, table_id: str, name: str):
        if (table_id, name) in self.overrides:
            return self.overrides[(table_id, name)]
        path = self.root / table_id / f"{name}.json"
        if not path.exists():
            raise requests.exceptions.HTTPError(f"404 Client Error: Not Found for url: {table_id}/{name}")
        return json.loads(path.read_text(encoding="utf-8"))

    def get_meta(self, table_id, name, **kwargs):
        self.meta_calls.append((table_id, name, kwargs))
        return self._load(table_id, name)

    def get_data(self, table_id, filters=None, select=None, **kwargs):
        self.data_calls.append((table_id, filters, select, kwargs))
        rows = self._load(table_id, "get_data")
        return [{k: row[k] for k in select if k in row} for row in rows] if select else rows


@pytest.fixture
def fake_cbs(monkeypatch) -> FakeCBS:
    fake = FakeCBS()
    monkeypatch.setattr(cbs.cbsodata, "get_meta", fake.get_meta)
    monkeypatch.setattr(cbs.cbsodata, "get_data", fake.get_data)
    return fake


@pytest.fixture
def unreachable_cbs(monkeypatch) -> list:
    """cbsodata calls fail as they do without a connection; returns the call log."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise requests.exceptions.ConnectionError(
            "HTTPSConnectionPool(host='opendata.cbs.nl', port=443): Max retries exceeded")

    monkeypatch.setattr(cbs.cbsodata, "get_meta", refuse)
    monkeypatch.setattr(cbs.cbsodata, "get_data", refuse)
    return calls


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


# --- the snapshot ------------------------------------------------------------------


def test_snapshot_files_match_snapshot_json():
    snapshot = json.loads((SNAPSHOT_DIR / "SNAPSHOT.json").read_text(encoding="utf-8"))
    assert snapshot["snapshot_id"] == "nh-2026-12"
    on_disk = {p.name for p in SNAPSHOT_DIR.iterdir()
               if p.suffix in (".csv", ".md") and p.name not in ("README.md", "NOTICE.md") and not p.name.startswith("cbs_online_")}
    assert on_disk == set(snapshot["files"])
    for name, entry in snapshot["files"].items():
        data = (SNAPSHOT_DIR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
        if name.endswith(".csv"):
            assert len(read_csv(SNAPSHOT_DIR / name)) == entry["rows"], name


def test_snapshot_keeps_table_ids_on_every_cbs_row():
    rows = read_csv(SNAPSHOT_DIR / "cbs_labour_force_snapshots.csv")
    assert header(SNAPSHOT_DIR / "cbs_labour_force_snapshots.csv") == list(cbs.LABOUR_FORCE_COLUMNS)
    assert header(SNAPSHOT_DIR / "cbs_vacancies_nl_annual_1997_2023.csv") == list(cbs.VACANCY_ANNUAL_COLUMNS)
    assert all(row["cbs_table"].strip() for row in rows)


# --- key mapping -------------------------------------------------------------------


@pytest.mark.parametrize(("key", "period"), [
    ("2019JJ00", "2019"), ("2019KW02", "2019Q2"), ("2024MM04", "2024-04"), ("2019HJ01", None), ("total", None),
])
def test_tidy_period(key, period):
    assert cbs.tidy_period(key) == period


@pytest.mark.parametrize(("key", "title", "expected"), [
    ("PV27  ", "Noord-Holland (PV)", ("Noord-Holland", "province")),
    ("NL01  ", "Nederland", ("Netherlands", "country")),
    ("GM0363", "Amsterdam", ("Amsterdam", "municipality")),
    ("CR23  ", "Agglomeratie Haarlem (CR)", ("Agglomeratie Haarlem", "corop")),
])
def test_tidy_region(key, title, expected):
    assert cbs.tidy_region(key, title) == expected


def test_measure_suffixes_come_from_data_properties():
    """The same measure has a different suffix in 85268NED and 83523NED; both are found."""
    fake = FakeCBS()
    found = {}
    for table in ("85268NED", "83523NED"):
        pairs = cbs.measure_columns(cbs.table_spec(table), fake.get_meta(table, "DataProperties"))
        found[table] = {measure.variable: key for key, measure in pairs}
    assert found["85268NED"]["unemployment_rate"] == "Werkloosheidspercentage_12"
    assert found["83523NED"]["unemployment_rate"] == "Werkloosheidspercentage_5"
    assert "Werknemers_4" not in found["85268NED"].values()  # not a wanted measure


def test_measure_in_another_unit_is_refused():
    properties = FakeCBS().get_meta("85268NED", "DataProperties")
    for prop in properties:
        if prop["Key"] == "Beroepsbevolking_2":
            prop["Unit"] = "aantal"
    with pytest.raises(UserError, match="Beroepsbevolking_2 has unit 'aantal'"):
        cbs.measure_columns(cbs.table_spec("85268NED"), properties)


def test_unknown_table_is_a_user_error():
    with pytest.raises(UserError, match="unknown CBS table '12345XYZ'.*85268NED"):
        cbs.table_spec("12345XYZ")
    assert cbs.table_spec("80472NED").table_id == "80472ned"


# --- refresh against the fixtures --------------------------------------------------


def test_refresh_labour_force_matches_snapshot(fake_cbs, tmp_path):
    paths = cbs.refresh(["85268NED", "83523NED"], tmp_path, timeout_s=5, retrieved=RETRIEVED)
    assert [p.name for p in paths] == ["cbs_online_85268NED.csv", "cbs_online_83523NED.csv"]
    for path in paths:
        assert header(path) == list(cbs.LABOUR_FORCE_COLUMNS)

    snapshot = {
        (r["cbs_table"], r["region"], r["period"], r["variable"]): r
        for r in read_csv(SNAPSHOT_DIR / "cbs_labour_force_snapshots.csv")
    }
    written = [row for path in paths for row in read_csv(path)]
    assert len(written) == 6 + 7 + 2  # NL 2022Q2, NL 2023Q2 (85268NED); NL and NH 2019Q1 (83523NED)
    for row in written:
        expected = snapshot[(row["cbs_table"], row["region"], row["period"], row["variable"])]
        assert float(row["value"]) == float(expected["value"])
        assert row["unit"] == expected["unit"]
        assert (row["region_type"], row["age_group"], row["table_title"]) == (
            expected["region_type"], expected["age_group"], expected["table_title"])
        assert row["source_url"] == f"https://opendata.cbs.nl/ODataApi/odata/{row['cbs_table']}"
        assert f"retrieved {RETRIEVED}" in row["note"]

    nh = [r for r in written if r["region"] == "Noord-Holland"]
    assert [(r["cbs_table"], r["period"], r["variable"], r["value"]) for r in nh] == [
        ("83523NED", "2019Q1", "net_participation_rate", "69.3")]


def test_refresh_asks_cbs_for_noord_holland_and_passes_the_timeout(fake_cbs, tmp_path):
    cbs.refresh(["85268NED"], tmp_path, timeout_s=5, retrieved=RETRIEVED)
    (table, filters, select, kwargs), = fake_cbs.data_calls
    assert table == "85268NED"
    assert "RegioS eq 'PV27  '" in filters and "RegioS eq 'NL01  '" in filters
    assert "substringof('JJ',Perioden)" in filters and "substringof('KW',Perioden)" in filters
    assert "Werkloosheidspercentage_12" in select and "Werknemers_4" not in select
    assert kwargs["timeout"] == 5
    assert all(call[2].get("timeout") == 5 for call in fake_cbs.meta_calls)


def test_refresh_vacancies_reproduces_snapshot_rows(fake_cbs, tmp_path):
    (path,) = cbs.refresh(["80472ned"], tmp_path, retrieved=RETRIEVED)
    assert header(path) == list(cbs.VACANCY_ANNUAL_COLUMNS)
    written = read_csv(path)
    snapshot = [r for r in read_csv(SNAPSHOT_DIR / "cbs_vacancies_nl_annual_1997_2023.csv")
                if r["period"] in ("2017", "2018", "2019", "2023")]
    assert len(written) == len(snapshot) == 8  # quarters and the B-F sector are dropped
    for got, want in zip(written, snapshot):
        assert float(got.pop("value")) == float(want.pop("value"))
        assert got == want
    (_, filters, _, _), = fake_cbs.data_calls
    assert "Bedrijfskenmerken eq 'T001081'" in filters and "substringof('JJ',Perioden)" in filters


def test_provisional_periods_are_marked(monkeypatch, tmp_path):
    periods = json.loads((FIXTURES / "85268NED" / "Perioden.json").read_text(encoding="utf-8"))
    for period in periods:
        if period["Key"] == "2023KW02":
            period["Status"] = "Voorlopig"
    fake = FakeCBS(overrides={("85268NED", "Perioden"): periods})
    monkeypatch.setattr(cbs.cbsodata, "get_meta", fake.get_meta)
    monkeypatch.setattr(cbs.cbsodata, "get_data", fake.get_data)
    (path,) = cbs.refresh(["85268NED"], tmp_path, retrieved=RETRIEVED)
    notes = {r["period"]: r["note"] for r in read_csv(path)}
    assert "provisional" in notes["2023Q2"] and "provisional" not in notes["2022Q2"]


# --- failures ----------------------------------------------------------------------


def test_unreachable_cbs_is_a_clear_user_error_and_writes_nothing(unreachable_cbs, tmp_path):
    out = tmp_path / "data"
    out.mkdir()
    (out / "cbs_online_85268NED.csv").write_text("previous refresh\n", encoding="utf-8")
    before = listing(out)
    with pytest.raises(UserError) as info:
        cbs.refresh(["85268NED"], out)
    message = str(info.value)
    assert message.startswith("cannot reach CBS open data (opendata.cbs.nl) for table 85268NED: ")
    assert "Max retries exceeded" in message and f"nothing written to {out}/; the CBS snapshot in " in message
    assert message.endswith("/ is unchanged")
    assert "\n" not in message
    assert listing(out) == before
    assert unreachable_cbs  # the loader did try


def test_failure_in_a_later_table_writes_no_file(fake_cbs, monkeypatch, tmp_path):
    def get_data(table_id, **kwargs):
        if table_id == "80472ned":
            raise requests.exceptions.ReadTimeout("read timed out (read timeout=30)")
        return FakeCBS.get_data(fake_cbs, table_id, **kwargs)

    monkeypatch.setattr(cbs.cbsodata, "get_data", get_data)
    with pytest.raises(UserError, match="for table 80472ned: read timed out"):
        cbs.refresh(["85268NED", "80472ned"], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_interrupted_write_leaves_old_files_and_no_temporaries(tmp_path):
    target = tmp_path / "cbs_online_85268NED.csv"
    target.write_text("old\n", encoding="utf-8")

    def broken_rows():
        yield {"region": "Netherlands"}
        raise RuntimeError("disk full")

    outputs = [(target, cbs.LABOUR_FORCE_COLUMNS, [{"region": "Netherlands"}]),
               (tmp_path / "cbs_online_80472ned.csv", cbs.VACANCY_ANNUAL_COLUMNS, broken_rows())]
    with pytest.raises(RuntimeError, match="disk full"):
        cbs._write_all(tmp_path, outputs)
    assert listing(tmp_path) == {"cbs_online_85268NED.csv": b"old\n"}


def test_real_call_without_network_fails_fast_with_user_error(tmp_path):
    """A real cbsodata call: no network here, so it must fail quickly and cleanly."""
    outcome: dict = {}

    def call():
        try:
            outcome["paths"] = cbs.refresh(["85268NED"], tmp_path / "out", timeout_s=3)
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome["error"] = exc

    worker = threading.Thread(target=call, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "a CBS call without network did not end within 60 s"
    if "paths" in outcome:
        pytest.skip("opendata.cbs.nl is reachable from this machine")
    assert isinstance(outcome["error"], UserError), repr(outcome["error"])
    assert str(outcome["error"]).startswith("cannot reach CBS open data (opendata.cbs.nl) for table 85268NED: ")
    assert not (tmp_path / "out").exists()


# --- command line ------------------------------------------------------------------


@pytest.fixture
def with_cbs_refresh_command(monkeypatch):
    if "cbs_refresh" not in cli.COMMAND_MODULES:  # until the lead adds it to cli.py
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "cbs_refresh"))


def test_cli_exits_2_with_one_line_when_cbs_is_unreachable(
        with_cbs_refresh_command, unreachable_cbs, tmp_path, capsys):
    code = cli.main(["cbs-refresh", "--tables", "85268NED", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("skillsim cbs-refresh: cannot reach CBS open data (opendata.cbs.nl)")
    assert err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_cli_writes_the_requested_tables(with_cbs_refresh_command, fake_cbs, tmp_path, capsys):
    code = cli.main(["cbs-refresh", "--tables", "85268NED,80472ned", "--out", str(tmp_path), "--timeout", "7"])
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cbs_online_80472ned.csv", "cbs_online_85268NED.csv"]
    assert f"wrote {tmp_path / 'cbs_online_85268NED.csv'}" in capsys.readouterr().out
    assert {call[3]["timeout"] for call in fake_cbs.data_calls} == {7.0}
