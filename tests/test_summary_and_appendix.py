"""The executive summary is computed (parameters change its text); the appendix lists every
source and parameter."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import appendix, provenance, scenario_inputs, scenarios, summary
from analysis.parameters import load_parameters
from analysis.run_context import run_record


@pytest.fixture(scope="module")
def scenario_summary():
    params = load_parameters().values
    inputs = scenario_inputs.resolve_inputs(params)
    return scenarios.summarise(scenarios.run_monte_carlo(inputs, scenario_inputs.years(params), 5_000, params.seed))


def _facts(scenario_summary, *overrides):
    return summary.gather(load_parameters(overrides=list(overrides)).values, scenario_summary)


def test_findings_are_five_to_seven_each_with_a_reference(scenario_summary):
    found = summary.findings(_facts(scenario_summary))
    assert 5 <= len(found) <= 7
    for finding in found:
        assert "@fig-" in finding.text or "@tbl-" in finding.text


def test_a_different_parameter_changes_the_text(scenario_summary):
    base = summary.findings(_facts(scenario_summary))
    changed = summary.findings(_facts(scenario_summary, "h200_gross_margin_pct=70"))
    assert [f.text for f in base] != [f.text for f in changed]
    assert "\\$9,450" in base[2].text and "\\$12,150" in changed[2].text  # 27,000 × (0.70 − 0.25)


def test_the_decision_paragraph_quotes_the_scenario_results(scenario_summary):
    fake = scenario_summary.copy()
    pick = (fake["option"] == "licensed") & (fake["metric"] == "us_receipts_usd_bn") & (fake["year"] == 0)
    fake.loc[pick, ["mean", "p5", "p95"]] = [4.25, 1.5, 7.75]
    text = summary.decision_paragraph(_facts(fake))
    assert "\\$4.2bn (90% range \\$1.5bn–\\$7.8bn)" in text or "\\$4.3bn (90% range \\$1.5bn–\\$7.8bn)" in text


def test_key_numbers_and_claims_line(scenario_summary):
    facts = _facts(scenario_summary)
    table = summary.key_numbers(facts)
    assert not table.empty and table["Shown in"].str.startswith("@").all()
    assert "17 numerical claims" in summary.claims_line(facts)


def test_the_appendix_lists_every_snapshot_with_checksum_and_grade():
    table = appendix.sources_table()
    snapshots = provenance.list_snapshots()
    assert len(table) == len(snapshots)
    for snapshot, row in zip(snapshots, table.itertuples()):
        assert snapshot.meta.snapshot.md5[:8] in row.Dataset
        assert snapshot.meta.quality.grade.label in row.Dataset
        assert snapshot.meta.origin.date_accessed.isoformat() in row.Provenance


def test_the_appendix_lists_every_parameter_and_the_seed():
    table = appendix.parameters_table(run_record("interactive"))
    names = set(table["Parameter"])
    assert "seed" in names and "scenario_inputs.h200_us_share_pct" in names
    assert set(load_parameters().as_dict()) <= {n.split(".")[0] for n in names}


def test_every_key_caveat_exists():
    assert len(appendix.key_caveats()) == len(appendix.KEY_CAVEATS)
