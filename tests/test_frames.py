"""pandas frames of the rows and the analyses, for notebooks."""

from __future__ import annotations

import pandas as pd
import pytest

from lcii_graph import capital_stacks, gaps, import_workbook, metrics, open_store, to_pandas
from lcii_graph.model.schema import SHEETS


@pytest.fixture(scope="module")
def example_store(tmp_path_factory, example_dir):
    store = tmp_path_factory.mktemp("frames") / "lcii.db"
    import_workbook(example_dir, str(store))
    return store


def test_sheets_are_the_stored_rows_with_dates_as_datetimes(example_store):
    with open_store(example_store) as s:
        for sheet in SHEETS:
            frame = to_pandas(s, sheet.name)
            rows = s.read(sheet.name)
            assert list(frame.columns) == [c for c in sheet.columns if c != "custom"]
            assert frame["id"].tolist() == [r["id"] for r in rows]
        memberships = to_pandas(s, "memberships")
        assert pd.api.types.is_datetime64_any_dtype(memberships["until"])
        ended = memberships[memberships["until"].notna()]
        assert ended["until"].dt.strftime("%Y-%m-%d").tolist() == [
            r["until"] for r in s.read("memberships") if r["until"]]
        assert len(to_pandas(s, "memberships", as_of="2020-01-01")) < len(memberships)


def test_analyses_are_the_commands_numbers(example_store):
    with open_store(example_store) as s:
        findings = to_pandas(s, "findings")
        assert findings["rule"].tolist() == [f.rule for f in gaps(s)]
        nodes = to_pandas(s, "node_metrics")
        assert nodes["id"].tolist() == [r["id"] for r in metrics(s, level="node")]
        capital = to_pandas(s, "capital")
        assert capital["by_type_grant"].tolist() == [
            c["by_type"]["grant"] for c in capital_stacks(s)]
        assert len(to_pandas(s, "sector_metrics")) == 5
        (network,) = to_pandas(s, "network_metrics").to_dict("records")
        assert network["density"] == metrics(s)["density"]
        assert to_pandas(s, "metrics")["id"].tolist() == [r["id"] for r in s.read("metrics")]
        with pytest.raises(ValueError, match="a sheet .* or one of findings, network_metrics"):
            to_pandas(s, "widgets")
