"""The HTML map and report as files: self-contained, escaped, redacted."""

from __future__ import annotations

import json
import re

import pytest
from markupsafe import escape

from lcii_graph import import_workbook, open_store
from lcii_graph.export.html import CSP, script_json, write_map
from lcii_graph.export.mapdata import map_data
from lcii_graph.export.report import write_report
from lcii_graph.network import network_of

from .conftest import JURISDICTIONS, write_sheets

HOSTILE = [
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(document.domain)",
    "line\u2028separator\u2029para",
    "\u202eevil\u202c name",
    "Tom & Jerry's \"Co-op\" <b>bold</b>",
]


@pytest.fixture
def personal_store(tmp_path):
    """A small network with personal data to keep out of partner exports."""
    organizations = [["id", "name", "sector", "jurisdiction", "notes"],
                     ["city", "City Hall", "government", "tv", "org note ORGNOTE-1"],
                     ["fund", "The Fund", "philanthropy", "tv", ""],
                     ["np", "Helpers", "nonprofit", "tv", ""]]
    organizations += [[f"h{i}", text, "community", "tv", ""] for i, text in enumerate(HOSTILE)]
    people = [["id", "name", "organization", "title", "email", "phone", "notes"],
              ["p1", "Zelda Secretname", "city", "Mayor", "zelda@private.example",
               "+1 555 0199 777", "PERSONAL-NOTE-1"],
              ["p2", "Yorick Hiddenname", "np", "Case Manager", "yorick@private.example",
               "(312) 555-0142", "PERSONAL-NOTE-2"]]
    book = write_sheets(tmp_path / "book", {
        "jurisdictions": JURISDICTIONS, "organizations": organizations, "people": people,
        "partnerships": [["id", "name", "serves"], ["t", "Table", "tv"]],
        "memberships": [["partnership", "organization", "person"], ["t", "city", ""],
                        ["t", "fund", ""], ["t", "np", ""], ["t", "", "p2"]],
        "ties": [["from", "to"], ["city", "fund"], ["fund", "np"], ["np", "h0"], ["h0", "h1"],
                 ["h1", "h2"], ["h2", "h3"], ["h3", "h4"], ["h4", "h5"]],
        "commitments": [["maker", "recipient", "partnership", "type", "amount"],
                        ["fund", "np", "t", "grant", "1000"]],
    })
    store = tmp_path / "s.db"
    import_workbook(book, str(store))
    return store


SECRETS = ["zelda@private.example", "yorick@private.example", "555 0199 777", "555-0142",
           "PERSONAL-NOTE-1", "PERSONAL-NOTE-2", "ORGNOTE-1", "Secretname", "Hiddenname"]


def test_partner_profile_leaks_no_personal_data(personal_store, tmp_path):
    with open_store(personal_store) as store:
        map_path = write_map(store, tmp_path / "map.html")
        report_path = write_report(store, tmp_path / "report.html")
    for path in (map_path, report_path):
        data = path.read_bytes()
        for secret in SECRETS:
            assert secret.encode() not in data, (path.name, secret)
        assert b"@private.example" not in data


def test_names_flag_shows_names_but_no_contacts(personal_store, tmp_path):
    with open_store(personal_store) as store:
        path = write_map(store, tmp_path / "map.html", names=True)
    data = path.read_bytes()
    assert b"Zelda Secretname" in data
    for secret in ("zelda@private.example", "555 0199 777", "PERSONAL-NOTE-1"):
        assert secret.encode() not in data


def test_internal_profile_shows_everything(personal_store, tmp_path):
    with open_store(personal_store) as store:
        path = write_map(store, tmp_path / "map.html", profile="internal")
    text = path.read_text(encoding="utf-8")
    for secret in ("zelda@private.example", "PERSONAL-NOTE-1", "ORGNOTE-1", "Zelda Secretname"):
        assert secret in text
    assert "profile: internal" in text


def test_page_is_self_contained_and_escaped(personal_store, tmp_path):
    with open_store(personal_store) as store:
        html = write_map(store, tmp_path / "map.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">' in html
    assert "connect-src 'none'" in CSP and "default-src 'none'" in CSP
    # nothing is loaded from anywhere: no src or href attributes at all
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.I)
    # the only </script> tags are those that close our three script elements
    assert html.lower().count("</script") == 3
    assert "\u2028" not in html and "\u2029" not in html
    data = html.split('<script type="application/json" id="map-data">')[1].split("</script>")[0]
    parsed = json.loads(data)
    assert {n["label"] for n in parsed["nodes"]} >= set(HOSTILE)


def test_script_json_escapes():
    text = script_json({"a": "</script><!-- & \u2028"})
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028"}'
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_map_data_sizes_and_aggregation(personal_store):
    with open_store(personal_store) as store:
        network = network_of(store, everything=True)
    data = map_data(network, size_by="commitments")
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    assert sizes["fund"] > sizes["np"]
    assert not data["aggregated"]
    assert len(data["nodes"]) == 10  # 9 organizations and 1 table
    aggregated = map_data(network, aggregate_above=3)
    assert aggregated["aggregated"] and "communities instead" in aggregated["note"]
    assert sum(n["value"] for n in aggregated["nodes"]) == 9
    with pytest.raises(ValueError):
        map_data(network, profile="public")


def test_map_and_report_commands(run, small_workbook, tmp_path):
    run("import", small_workbook)
    result = run("map", tmp_path / "m.html", "--size-by", "betweenness")
    assert result.exit_code == 0
    assert result.output == f"Wrote {tmp_path / 'm.html'} (profile: partner).\n"
    result = run("report", tmp_path / "r.html", "--profile", "internal", "--partnership", "jobs")
    assert result.exit_code == 0
    assert "Jobs Table: partnership report" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert run("map", tmp_path / "x.html", "--partnership", "nope").exit_code == 6


def test_to_pyvis(personal_store):
    from lcii_graph import to_pyvis

    with open_store(personal_store) as store:
        net = to_pyvis(store, notebook=False)
    assert len(net.nodes) == 10
    assert {n["id"] for n in net.nodes} >= {"city", "fund", "t"}
    assert len(net.edges) >= 8


def test_report_evidence_reads_as_text_not_python(tmp_path, example_dir):
    from lcii_graph.export.report import write_report

    store = tmp_path / "lcii.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        page = write_report(s, tmp_path / "report.html").read_text(encoding="utf-8")
    evidence = re.findall(r'<p class="evidence">(.*?)</p>', page)
    assert evidence
    assert not any("{" in e or "[" in e or ".0;" in e or "&#39;" in e for e in evidence)
    assert any("by type: grant 1,370,000; in kind 40,000" in e for e in evidence)


def test_a_small_map_leaves_room_for_names():
    """Names are drawn in layout units: a small network is spread so that neighbours sit
    a name's width apart; a large one keeps its layout (spread, it would show no names)."""
    import numpy as np

    from lcii_graph.export.mapdata import _label_room, _layout

    star = np.array(_layout(6, [(0, k) for k in range(1, 6)], seed=0))
    gaps = np.hypot(*(star[:, None] - star[None, :]).transpose(2, 0, 1))
    np.fill_diagonal(gaps, np.inf)
    assert gaps.min() >= 190
    ring = np.array(_layout(60, [(k, (k + 1) % 60) for k in range(60)], seed=0))
    assert _label_room(ring) == 1.0 and _label_room(ring[:6] / 10) == 3.0


def test_a_large_report_keeps_the_most_severe(monkeypatch, tmp_path, example_dir):
    """A state-wide network has thousands of findings, tables and metrics: the page keeps
    the most severe findings per lesson, the largest capital stacks and the metrics off
    track first, and says how many it left out."""
    from lcii_graph.export import report as report_module
    from lcii_graph.export.report import report_data
    from lcii_graph.network import network_of

    store = tmp_path / "lcii.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        network = network_of(s)
    full = report_data(network)
    monkeypatch.setattr(report_module, "PER_LESSON", 2)
    monkeypatch.setattr(report_module, "TRENDS_SHOWN", 3)
    monkeypatch.setattr(report_module, "STACKS_SHOWN", 2)
    small = report_data(network)
    for lesson, found in full["findings"].items():
        assert small["findings"][lesson] == found[:2]
        assert small["more"][lesson] == max(0, len(found) - 2)
    assert [s["partnership"] for s in small["capital"]] == [
        s["partnership"] for s in full["capital"]
        if s["capital"] >= sorted(x["capital"] for x in full["capital"])[-2]]
    assert small["capital_total"] == len(full["capital"]) == 4
    off_track = {f["subjects"][0]["name"] for lesson in full["findings"].values()
                 for f in lesson if f["rule"] in ("metric-off-track", "metric-stale")}
    assert len(small["trends"]) == 3 and small["trends_total"] == len(full["trends"])
    assert 0 < len(off_track) < 3 and off_track <= {t["name"] for t in small["trends"]}
    assert [t["name"] in off_track for t in small["trends"]] == sorted(
        (t["name"] in off_track for t in small["trends"]), reverse=True)
