"""Money in several currencies: read as written, never added across currencies."""

from __future__ import annotations

import json

import pytest

from lcii_graph import build_network, capital_stacks, gaps, what_if
from lcii_graph.analysis.funding import money
from lcii_graph.ingest.cells import CellError, parse_currency

from .conftest import write_sheets
from .test_rules import TODAY, commitment, healthy


@pytest.mark.parametrize("text, code", [("usd", "USD"), ("$", "USD"), ("€", "EUR"),
                                        ("Euros", "EUR"), ("gbp", "GBP"), ("£", "GBP"),
                                        (" cad ", "CAD"), ("dollars", "USD")])
def test_a_currency_cell_is_read_as_its_iso_code(text, code):
    assert parse_currency(text) == code


@pytest.mark.parametrize("text", ["US$", "ABCD", "12", "e"])
def test_anything_else_is_refused(text):
    with pytest.raises(CellError, match="a three-letter currency code"):
        parse_currency(text)


@pytest.mark.parametrize("amount, currency, shown", [
    (1250000.0, "USD", "$1,250,000"), (40000.0, "EUR", "€40,000"),
    (1000.0, "CAD", "1,000 CAD"), (5.0, None, "$5"), (999.4, "GBP", "£999")])
def test_money_as_people_read_it(amount, currency, shown):
    assert money(amount, currency) == shown


def test_money_short_for_charts():
    assert [money(a, c, short=True) for a, c in [(1_250_000, "USD"), (40_000, "EUR"),
                                                 (999, "CAD"), (2_500_000, "CAD")]] == [
        "$1.2M", "€40k", "999 CAD", "2.5M CAD"]


def _with(*extra):
    records = healthy()
    records["commitments"] = records["commitments"] + list(extra)
    return records


def test_a_stack_is_in_its_main_currency_and_the_rest_stands_beside_it():
    euro = commitment("c-eur", "fund", "grant", 50.0)
    euro["currency"] = "EUR"
    (stack,) = capital_stacks(build_network(_with(euro)))
    assert stack["currency"] == "USD"
    assert stack["capital"] == 400.0  # four funders of 100 each; the 50 euros not added
    assert stack["by_type"]["grant"] == 100.0
    assert stack["other_currencies"] == {"EUR": 50.0}
    assert stack["top_share"] == 0.25


def test_a_table_funded_in_euros_speaks_euros():
    records = healthy()
    for c in records["commitments"]:
        c["currency"] = "EUR"
    records["commitments"] = [c for c in records["commitments"]
                              if c["type"] in ("grant", "in_kind")]
    (stack,) = capital_stacks(build_network(records))
    assert (stack["currency"], stack["capital"], stack["other_currencies"]) == ("EUR", 100.0,
                                                                                 {})
    found = {f.rule: f for f in gaps(build_network(records), today=TODAY)}
    assert found["grants-only"].message == "All €100 of capital at Table is grants."


def test_equal_use_prefers_the_default_currency():
    # healthy() counts five commitments in USD: four of capital, one in kind.
    euro = [commitment(f"c-eur-{i}", "fund", "grant", 1.0) for i in range(5)]
    for c in euro:
        c["currency"] = "EUR"
    (stack,) = capital_stacks(build_network(_with(*euro)))  # five and five
    assert stack["currency"] == "USD" and stack["other_currencies"] == {"EUR": 5.0}
    euro.append({**euro[0], "id": "c-eur-x"})
    (stack,) = capital_stacks(build_network(_with(*euro)))  # six in EUR now
    assert stack["currency"] == "EUR" and stack["capital"] == 6.0
    assert stack["other_currencies"] == {"USD": 410.0}  # in kind too: never added across


def test_capital_at_risk_is_added_up_per_currency():
    result = what_if(build_network(healthy()), "fund")
    assert result["capital_at_risk"]["total"] == 100.0
    assert result["capital_at_risk"]["totals"] == {"USD": 100.0}
    assert result["capital_at_risk"]["by_partnership"][0]["currency"] == "USD"


def test_an_amount_written_with_its_symbol_says_its_currency(run, tmp_path):
    orgs = [["id", "name", "sector"], ["f", "Fund", "philanthropy"], ["t-org", "T", "nonprofit"]]
    tables = [["id", "name"], ["t", "Table"]]
    folder = write_sheets(tmp_path / "ok", {
        "organizations": orgs, "partnerships": tables,
        "commitments": [["maker", "partnership", "type", "amount", "currency"],
                        ["f", "t", "grant", "€50,000", ""],
                        ["f", "t", "loan", "$20,000", ""],
                        ["f", "t", "pri", "30000", "gbp"],
                        ["f", "t", "equity", "10000", ""]]})
    assert run("import", folder).exit_code == 0
    rows = json.loads(run("list", "commitments", "--json").output)
    assert sorted((r["type"], r["amount"], r["currency"]) for r in rows) == [
        ("equity", 10000.0, "USD"), ("grant", 50000.0, "EUR"), ("loan", 20000.0, "USD"),
        ("pri", 30000.0, "GBP")]
    shown = run("capital").output
    assert "Table (t): capital $30,000\n" in shown
    assert "also, in other currencies and not added in: €50,000, £30,000" in shown


def test_a_symbol_that_contradicts_the_currency_is_refused(run, tmp_path):
    folder = write_sheets(tmp_path / "bad", {
        "organizations": [["id", "name", "sector"], ["f", "Fund", "philanthropy"]],
        "commitments": [["maker", "type", "amount", "currency"], ["f", "grant", "€500", "USD"]]})
    result = run("import", folder)
    assert result.exit_code == 3
    assert "commitments.csv, row 2, column 'amount': '€500': expected an amount in USD, the " \
           "currency of this row; its symbol says EUR" in result.stderr


def test_without_a_currency_column_the_stored_currency_stays(run, tmp_path):
    orgs = [["id", "name", "sector"], ["f", "Fund", "philanthropy"]]
    first = write_sheets(tmp_path / "a", {
        "organizations": orgs,
        "commitments": [["id", "maker", "type", "amount", "currency"],
                        ["c1", "f", "grant", "500", "EUR"]]})
    again = write_sheets(tmp_path / "b", {
        "organizations": orgs,
        "commitments": [["id", "maker", "type", "amount"], ["c1", "f", "grant", "600"]]})
    assert run("import", first).exit_code == 0
    assert run("import", again).exit_code == 0
    (row,) = json.loads(run("list", "commitments", "--json").output)
    assert (row["amount"], row["currency"]) == (600.0, "EUR")
