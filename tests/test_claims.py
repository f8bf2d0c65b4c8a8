"""The claims check: direction from wording, the verdict rule, and every claim covered."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import claims


@pytest.mark.parametrize(
    "text, direction",
    [
        ("China's AI chip market is estimated at over 40 billion USD a year", "at_least"),
        ("China spends more than 400 billion USD a year", "at_least"),
        ("Average selling-price margin of the H200 exceeds 60%", "at_least"),
        ("Margin of the H20 is below 40%", "at_most"),
        ("Losing the China market cut NVIDIA's total revenue by up to 15%", "at_most"),
        ("The H200 has about twice the performance of the H20", "about"),
        ("The CHIPS Act provides 52 billion USD", "about"),
    ],
)
def test_direction_is_read_from_the_claims_wording(text, direction):
    assert claims.claim_direction(text) == direction


@pytest.mark.parametrize(
    "claim, evidence, direction, tolerance, verdict",
    [
        (40, 36.0, "at_least", 10, claims.SUPPORTED),  # exactly 90% of a floor
        (40, 35.9, "at_least", 10, claims.OVERSTATED),
        (40, 100.0, "at_least", 10, claims.SUPPORTED),  # a floor is not understated by more
        (15, 16.5, "at_most", 10, claims.SUPPORTED),
        (15, 16.6, "at_most", 10, claims.UNDERSTATED),
        (15, 1.0, "at_most", 10, claims.SUPPORTED),
        (2, 6.7, "about", 10, claims.UNDERSTATED),
        (2, 1.8, "about", 10, claims.SUPPORTED),
        (2, 1.7, "about", 10, claims.OVERSTATED),
        (400, 385.0, "at_least", 0, claims.OVERSTATED),
    ],
)
def test_verdict_rule_known_answers(claim, evidence, direction, tolerance, verdict):
    assert claims.judge(claim, evidence, direction, tolerance) == verdict


def test_rule_text_states_the_band():
    assert claims.rule_text("at_least", 10) == "floor, \u221210%"
    assert claims.rule_text("about", 5) == "level, ±5%"


@pytest.fixture(scope="module")
def checks():
    return {c.claim_id: c for c in claims.check_claims(10)}


def test_every_claim_of_the_article_is_checked(checks):
    from analysis.processed import load_table
    assert set(checks) == set(load_table("seed_claims")["claim_id"])
    assert len(checks) == 17
    assert all(c.verdict in claims.VERDICTS for c in checks.values())


def test_claims_without_evidence_say_so_and_never_guess(checks):
    """SOURCES.md: no evidence in the data on jobs, lobbying, Gulf Blackwells, the delay."""
    for claim_id in ("us_semiconductor_jobs", "nvidia_lobbying", "blackwell_gulf_exports", "controls_delay_years"):
        check = checks[claim_id]
        assert check.verdict == claims.NOT_VERIFIABLE
        assert check.evidence.value is None
        assert check.evidence.text.startswith("no evidence in the data")


def test_evidence_values_come_from_the_data(checks):
    assert checks["china_semiconductor_imports"].evidence.value == 385.0
    assert checks["china_semiconductor_imports"].verdict == claims.SUPPORTED
    assert checks["us_chips_act"].evidence.value == 52.7
    assert checks["h200_vs_h20_performance"].evidence.value == pytest.approx(989.5 / 148.0)
    assert checks["h200_vs_h20_performance"].verdict == claims.UNDERSTATED
    assert checks["nvidia_china_revenue_loss"].evidence.value == pytest.approx(100 * 11574 / 91166)


def test_the_tolerance_parameter_moves_verdicts():
    strict = {c.claim_id: c.verdict for c in claims.check_claims(0)}
    assert strict["china_semiconductor_imports"] == claims.OVERSTATED  # $385bn is not over $400bn


def test_a_claim_without_an_evidence_function_is_an_error():
    class Stub(claims.Tables):
        def __getitem__(self, name):
            assert name == "seed_claims"
            return pd.DataFrame({"claim_id": ["new_claim"], "claim": ["x"], "claim_value": [1.0],
                                 "claim_value_to": [None], "claim_unit": ["u"], "claim_period": ["2025"]})
    with pytest.raises(KeyError, match="new_claim"):
        claims.check_claims(10, Stub())


def test_the_claims_table_has_evidence_source_verdict_and_rule(checks):
    table = claims.checks_table(list(checks.values()))
    assert list(table.columns) == ["Claim", "Evidence", "Source", "Verdict", "Rule"]
    assert len(table) == 17 and table["Evidence"].str.len().min() > 10
