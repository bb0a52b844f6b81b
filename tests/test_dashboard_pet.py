"""PET's caveat on the dashboard (issue 15: "reaches the labour market 6-8 years after an
event ... on an effect size that no source gives. Say so wherever PET's results
appear"): under PET's controls, beside every result of a run in which PET takes part, in
a stored comparison with PET; and not where PET is switched off everywhere."""

from __future__ import annotations

import ipyvuetify
import pytest
import solara

from helpers import BASELINE

from skillsim.cli import main
from skillsim.compare.labels import PET_CAVEAT
from skillsim.dashboard import app, data
from skillsim.scenario_files import load_scenario

SCALE, SEEDS = 0.003, (0, 1)


@pytest.fixture(scope="module")
def tables():
    """Two seeds to 2020 at a tiny scale, with PET on (the baseline's) and off."""
    short = load_scenario(BASELINE).with_overrides({"run": {"end_year": 2020}})
    with_pet = data.run_seeds(short, SEEDS, SCALE)
    without = data.run_seeds(short.with_overrides({"pet": {"enabled": False}}, name="no-pet"), SEEDS, SCALE)
    return with_pet, without


def test_the_caveat_is_shown_beside_the_results_of_a_run_with_pet(tables):
    with_pet, without = tables
    assert data.pet_in(with_pet) and not data.pet_in(without)
    switches = with_pet[with_pet.indicator == "technical_choice_switches.pet"].groupby("seed")["value"].sum().mean()
    assert data.pet_switches(with_pet) == pytest.approx(switches) and data.pet_switches(without) is None
    for scen, ref in ((with_pet, without), (without, with_pet), (with_pet, with_pet)):  # PET in either run
        outcome = data.Outcome(scen, ref, "a", "b", "run", SCALE, SEEDS)
        for lang in ("nl", "en"):
            note = app.pet_caveat_html(outcome, lang)
            assert PET_CAVEAT[lang].split(":")[0] in note and "6-8" in note and "data-testid='pet-caveat'" in note
    nl = app.pet_caveat_html(data.Outcome(with_pet, without, "met-pet", "zonder", "run", SCALE, SEEDS), "nl")
    assert "Let op bij PET" in nl and "een aanname die geen bron geeft" in nl
    assert "Extra technische studiekeuzes door PET tot 2020" in nl and "met-pet" in nl and "zonder" not in nl
    # PET off in both runs: no caveat
    assert app.pet_caveat_html(data.Outcome(without, without, "a", "b", "run", SCALE, SEEDS), "nl") == ""
    assert app.pet_caveat_html(data.Outcome(without, None, "a", None, "file", None, SEEDS), "nl") == ""


def test_the_result_view_and_the_lever_panel_show_it(tables):
    """Rendered as the page renders them (solara components, no browser)."""
    with_pet, without = tables

    def shown(element) -> str:
        """Every text and inner HTML of the rendered widget tree."""
        box, _ = solara.render(element, handle_error=False)
        parts, todo = [], [box]
        while todo:
            w = todo.pop()
            parts.append(str(getattr(w, "unsafe_innerHTML", "") or ""))
            for child in getattr(w, "children", ()) or ():
                (parts if isinstance(child, str) else todo).append(child)
        return "\n".join(parts)

    page = shown(app.OutcomeView(data.Outcome(with_pet, without, "a", "b", "run", SCALE, SEEDS), "nl"))
    assert "data-testid='pet-caveat'" in page and PET_CAVEAT["nl"] in page
    page = shown(app.OutcomeView(data.Outcome(without, without, "a", "b", "run", SCALE, SEEDS), "nl"))
    assert "pet-caveat" not in page and PET_CAVEAT["nl"] not in page
    _, rc = solara.render(app.LeverPanel(load_scenario(BASELINE), "en"), handle_error=False)
    lever_note = rc.find(ipyvuetify.Html, attributes={"data-testid": "pet-caveat-lever"})
    lever_note.assert_single()
    assert lever_note.widget.children == [PET_CAVEAT["en"]]
    assert rc.find(ipyvuetify.Html, attributes={"data-testid": "programme-pet"}).widget.children[1] is lever_note.widget


def test_a_stored_comparison_with_pet_carries_the_caveat(tmp_path):
    """compare's runs.parquet keeps PET's cost rows (cost_eur.pet); a comparison in which
    no scenario runs PET has no caveat."""
    folders = {}
    for label, body in (("with", ""), ("without", "[pet]\nenabled = false\n")):
        files = []
        for stem in ("ref", "more"):
            path = tmp_path / f"{label}-{stem}.toml"
            path.write_text(f'base = "{BASELINE.as_posix()}"\nname = "{stem}"\ndescription = "test"\n'
                            f"[run]\nend_year = 2018\n{body}")
            files.append(str(path))
        out = tmp_path / "results" / f"compare-{label}"
        assert main(["compare", *files, "--seeds", "2", "--scale", "0.002", "--workers", "1", "--no-progress",
                     "--out", str(out)]) == 0
        folders[label] = data.load_comparison(out)
    assert folders["with"].pet and not folders["without"].pet
    page = app._ensemble_html(folders["with"], "nl")
    assert "data-testid='pet-caveat'" in page and PET_CAVEAT["nl"] in page
    assert PET_CAVEAT["nl"] not in app._ensemble_html(folders["without"], "nl")
