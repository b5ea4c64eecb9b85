"""The relational survey's numbers on a worked example computed by hand (PARTNER's
definitions, DESIGN.md "Relational survey"), and the command that prints them."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from lcii_graph import import_workbook, open_store
from lcii_graph.analysis.context import Context
from lcii_graph.analysis.rules import run_rules
from lcii_graph.analysis.survey import rounds, survey_round
from lcii_graph.network import network_of

from .conftest import write_sheets

ITEMS = ["power_influence", "involvement", "resource_contribution", "reliability", "mission",
         "openness"]
# a business, b and d nonprofits, c government; d was invited and did not answer.
RATINGS = [
    ("a", "b", 4, 3, 2, 4, 4, 3),
    ("c", "b", 2, 2, 2, 3, "", 3),  # one trust item left blank
    ("b", "a", 3, 3, 3, 2, 2, 2),
    ("a", "d", 1, 1, 1, 1, 2, 3),
    ("c", "a", 4, 4, 4, 4, 4, 4),
]


@pytest.fixture
def worked(tmp_path):
    book = write_sheets(tmp_path / "book", {
        "partnerships": [["id", "name"], ["t", "The Table"]],
        "memberships": [["partnership", "organization"], ["t", "a"], ["t", "b"], ["t", "d"]],
        "organizations": [["id", "name", "sector"], ["a", "A", "business"],
                          ["b", "B", "nonprofit"], ["c", "C", "government"],
                          ["d", "D", "nonprofit"]],
        "ratings": [["round", "respondent", "partner", *ITEMS],
                    *[["R1", *map(str, r)] for r in RATINGS]],
        "survey": [["round", "organization", "responded"], ["R1", "a", "yes"],
                   ["R1", "b", "yes"], ["R1", "c", "yes"], ["R1", "d", "no"]]})
    store = tmp_path / "s.db"
    import_workbook(book, str(store))
    return store


def test_the_worked_example(worked):
    with open_store(worked) as s:
        network = network_of(s, everything=True)
    assert rounds(network) == ["R1"]
    r = survey_round(network, "R1")
    assert (r["invited"], r["responded"], r["response_rate"]) == (4, 3, 0.75)
    assert r["response_by_sector"] == {
        "business": {"invited": 1, "responded": 1, "rate": 1.0},
        "government": {"invited": 1, "responded": 1, "rate": 1.0},
        "nonprofit": {"invited": 2, "responded": 1, "rate": 0.5}}
    # a->b and b->a name each other; c named a and b, who answered and did not name c;
    # d did not answer.
    assert {(t["from"], t["to"]): t["status"] for t in r["tie_list"]} == {
        ("a", "b"): "confirmed", ("b", "a"): "confirmed", ("c", "a"): "unconfirmed",
        ("c", "b"): "unconfirmed", ("a", "d"): "unverifiable"}
    assert r["ties"] == {"confirmed": 2, "unconfirmed": 2, "unverifiable": 1, "total": 5}
    orgs = {o["organization"]: o for o in r["organizations"]}
    # b: value items 4,3,2 and 2,2,2 -> 15/6; trust 4,4,3 and 3,3 -> 17/5.
    assert orgs["b"]["value"] == {"score": 2.5, "raters": 2, "power_influence": 3,
                                  "involvement": 2.5, "resource_contribution": 2}
    assert orgs["b"]["trust"] == {"score": pytest.approx(3.4), "raters": 2,
                                  "reliability": 3.5, "mission": 4, "openness": 3}
    assert (orgs["a"]["value"]["score"], orgs["a"]["trust"]["score"]) == (3.5, 3.0)
    # d has one rater, c none: not shown.
    assert orgs["d"]["value"] == {"score": None, "raters": 1, "power_influence": None,
                                  "involvement": None, "resource_contribution": None}
    assert orgs["c"]["trust"]["score"] is None and orgs["c"]["trust"]["raters"] == 0
    # The network: value 39/15, trust 41/14, and as a share of 4.
    assert r["value"] == pytest.approx(39 / 15) and r["trust"] == pytest.approx(41 / 14)
    assert r["value_percent"] == pytest.approx(65.0)
    assert r["trust_percent"] == pytest.approx(41 / 14 / 4 * 100)
    # Degree (distinct partners either way): a 3, b 2, c 2, d 1; connectivity a 3*3.5*3.
    assert [orgs[x]["degree"] for x in "abcd"] == [3, 2, 2, 1]
    assert [(orgs[x]["in_ties"], orgs[x]["out_ties"]) for x in "abcd"] == [
        (2, 2), (2, 1), (0, 2), (1, 0)]
    assert [orgs[x]["responded"] for x in "abcd"] == [True, True, True, False]
    assert orgs["a"]["relative_connectivity"] == 100
    assert orgs["b"]["relative_connectivity"] == pytest.approx(100 * 2 * 2.5 * 3.4 / 31.5)
    assert orgs["c"]["relative_connectivity"] is None
    assert r["density"] == pytest.approx(5 / 12)
    assert r["degree_centralization"] == pytest.approx(4 / 6)  # degrees 3, 2, 2, 1
    reference = nx.effective_size(nx.Graph([("a", "b"), ("a", "d"), ("c", "a"), ("c", "b")]))
    assert {x: orgs[x]["non_redundant_ties"] for x in "abcd"} == pytest.approx(reference)
    cells = {(c["from"], c["to"]): (c["ties"], c["density"], c["trust"]) for c in r["matrix"]}
    assert cells["business", "nonprofit"] == (2, 1.0, pytest.approx(17 / 6))
    assert cells["nonprofit", "business"] == (1, 0.5, 2.0)
    assert cells["government", "business"] == (1, 1.0, 4.0)
    assert cells["government", "nonprofit"] == (1, 0.5, 3.0)
    assert cells["nonprofit", "nonprofit"] == (0, 0.0, None)
    assert cells["business", "business"] == (0, None, None)


def test_the_scores_command(run, worked, tmp_path):
    import shutil

    shutil.copy(worked, tmp_path / "store" / "lcii.db")
    text = run("survey", "scores").output
    assert text.startswith("Round R1: 3 of 4 answered (75%); 5 ratings.\n"
                           "Ties: 5 (2 confirmed, 2 unconfirmed, 1 unverifiable); density "
                           "0.417, degree centralization 0.667.\n"
                           "Network value 2.60 (65%), trust 2.93 (73%).\n")
    data = json.loads(run("survey", "scores", "--round", "R1", "--json").output)
    assert data["ties"]["total"] == 5
    assert run("survey", "scores", "--csv").output.splitlines()[0].startswith(
        "organization,name,sector,responded,degree,value,value_raters,trust")
    missing = run("survey", "scores", "--round", "R9")
    assert missing.exit_code == 3 and "no such round; the rounds are R1" in missing.stderr


def test_a_low_response_rate_is_read_with_caution(run, tmp_path):
    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector"], *[[x, x.upper(), "nonprofit"]
                                                      for x in "abc"]],
        "ratings": [["round", "respondent", "partner", "reliability"], ["R", "a", "b", "3"]],
        "survey": [["round", "organization", "responded"], ["R", "a", "yes"], ["R", "b", ""],
                   ["R", "c", ""]]})
    assert run("import", book).exit_code == 0
    assert run("survey", "scores").output.startswith(
        "Round R: 1 of 3 answered (33%) - read with caution; 1 ratings.\n")


def test_the_example_tells_its_story(tmp_path, example_dir):
    """Trust at Riverbend Works rises from 2025 to 2026; the broker's falls."""
    store = tmp_path / "s.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        network = network_of(s, everything=True)
    first, second = survey_round(network, "2025"), survey_round(network, "2026")
    assert second["trust"] > first["trust"]
    broker = [{o["organization"]: o for o in r["organizations"]}["data-collaborative"]
              ["trust"]["score"] for r in (first, second)]
    assert broker[1] < broker[0]
    assert second["response_rate"] >= 0.65


def _found(store, rule, **settings):
    with open_store(store) as s:
        network = network_of(s, everything=True)
    return [(sorted(x["id"] for x in f.subjects), f.evidence) for f in
            run_rules(Context(network), {rule: settings} if settings else None, only={rule})]


def test_survey_response_low_at_its_boundary(worked):
    # Overall 3 of 4 (75%); nonprofits 1 of 2; the other sectors 1 of 1.
    assert [e["sector"] for _, e in _found(worked, "survey-response-low")] == ["nonprofit"]
    assert _found(worked, "survey-response-low", min_invited=3) == []
    assert _found(worked, "survey-response-low", threshold=0.75, min_invited=3) == []
    assert [e["sector"] for _, e in _found(worked, "survey-response-low", threshold=0.76,
                                           min_invited=3)] == [None]


def test_low_trust_tie_at_its_boundary(worked):
    # Between members a, b, d: a->b trusts 11/3, b->a 2, a->d 2; c is no member.
    assert _found(worked, "low-trust-tie") == [
        (["a", "b", "d"], {"round": "R1", "ratings": 2, "pairs": [["a", "d"], ["b", "a"]]})]
    assert _found(worked, "low-trust-tie", max_trust=2.0) == []


def test_fragile_broker_at_its_boundary(worked):
    # a lies between d and the rest: the top broker; its partners trust it 3.0.
    assert _found(worked, "fragile-broker") == []
    assert [ids for ids, _ in _found(worked, "fragile-broker", max_trust=3.01)] == [["a"]]


def test_one_sided_ties_at_its_boundary(worked):
    assert _found(worked, "one-sided-ties") == []  # 2 of 4: exactly half
    assert _found(worked, "one-sided-ties", max_share=0.49) == [
        ([], {"round": "R1", "unconfirmed": 2, "confirmable": 4, "share": 0.5})]


def test_rating_asymmetry_at_its_boundary(worked):
    assert _found(worked, "rating-asymmetry") == []  # a trusts b 11/3, b trusts a 2
    assert _found(worked, "rating-asymmetry", min_difference=1.66) == [
        (["a", "b"], {"round": "R1", "a": 3.667, "b": 2.0})]
    assert _found(worked, "rating-asymmetry", min_difference=1.67) == []


def test_sectors_not_tied(tmp_path):
    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector"], ["a", "A", "business"],
                          ["b", "B", "nonprofit"], ["e", "E", "community"]],
        "ratings": [["round", "respondent", "partner", "reliability"], ["R", "a", "b", "3"]],
        "survey": [["round", "organization", "responded"], ["R", "a", "yes"],
                   ["R", "b", "yes"], ["R", "e", "yes"]]})
    import_workbook(book, str(tmp_path / "s.db"))
    assert [e["sectors"] for _, e in _found(tmp_path / "s.db", "sectors-not-tied")] == [
        ["business", "community"], ["community", "nonprofit"]]


def test_partner_pages_hold_no_trust_finding_or_score(tmp_path, example_dir):
    from lcii_graph.export.html import write_map
    from lcii_graph.export.report import write_report

    store = tmp_path / "s.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        network = network_of(s, as_of="2026-06-30")
    for profile, shown in (("partner", False), ("internal", True)):
        for page in (write_map(network, tmp_path / f"{profile}-m.html", profile=profile),
                     write_report(network, tmp_path / f"{profile}-r.html", profile=profile)):
            text = page.read_text(encoding="utf-8")
            assert ("fragile-broker" in text) == shown, page.name
            assert "power_influence" not in text  # no rating travels in a page


def test_the_report_shows_partners_sector_figures_and_the_coordinator_each_score(tmp_path,
                                                                                 worked):
    """The trust section: network and sector figures for everyone (a sector of one
    organization hidden from partners: it would be that organization's score), each
    organization's scores in the internal report only."""
    import xml.etree.ElementTree as ET

    from lcii_graph.export.report import write_report

    with open_store(worked) as s:
        network = network_of(s, everything=True)
    pages = {profile: write_report(network, tmp_path / f"{profile}.html", profile=profile)
             .read_text(encoding="utf-8").split('id="trust"', 1)[1].split("</section>")[0]
             for profile in ("partner", "internal")}
    for section in pages.values():
        assert "3 of 4 organizations answered (75%)" in section
        assert "Network value 2.60 of 4 (65%), trust 2.93 (73%)." in section
        svg = ET.fromstring("<svg" + section.split("<svg", 1)[1].split("</svg>")[0] + "</svg>")
        assert len(svg.findall("{http://www.w3.org/2000/svg}rect")) == 9  # 3 sectors squared
    # Nonprofits (b and d) received value 1,1,1 and 4,3,2 and 2,2,2: 18/9; business is a alone.
    assert "<tr><td>nonprofit</td><td class=\"num\">1 of 2</td><td class=\"num\">2.00</td>" \
        in pages["partner"]
    assert "<tr><td>business</td><td class=\"num\">1 of 1</td><td class=\"num\"></td>" \
        "<td class=\"num\"></td></tr>" in pages["partner"]
    assert "Per organization" not in pages["partner"]
    assert "<tr><td>A</td><td class=\"num\">3.50</td><td class=\"num\">3.00</td>" in \
        pages["internal"]


def test_survey_ties_join_the_network_as_an_ingredient(run, tmp_path):
    """The latest round's ties join the organization network (undirected, weighted) and
    its directed measures (respondent -> partner); `--exclude survey` leaves them out, and
    an older round's ties are not the network's."""
    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector"], *[[x, x.upper(), "nonprofit"]
                                                      for x in "abc"]],
        "ratings": [["round", "respondent", "partner", "reliability"],
                    ["2025", "b", "c", "3"],
                    ["2026", "a", "b", "3"], ["2026", "b", "a", "2"], ["2026", "a", "c", "4"]]})
    assert run("import", book).exit_code == 0
    result = json.loads(run("metrics", "--json").stdout)
    assert (result["edges"], result["isolates"]) == (2, 0)
    assert result["directed"] is True
    assert (result["directed_arcs"], result["directed_one_way_arcs"]) == (3, 1)
    assert result["directed_reciprocity"] == 0.5
    left_out = json.loads(run("metrics", "--json", "--exclude", "survey").stdout)
    assert (left_out["edges"], left_out["isolates"], left_out["directed"]) == (0, 3, False)
    nodes = {r["id"]: r for r in json.loads(run("metrics", "--level", "node",
                                                "--json").stdout)}
    assert (nodes["a"]["out_degree"], nodes["a"]["in_degree"]) == (2, 1)
    assert (nodes["c"]["out_degree"], nodes["c"]["in_degree"]) == (0, 1)


@pytest.fixture
def two_rounds(tmp_path):
    """Two rounds a year apart, computed by hand below. a business, b nonprofit,
    c government, d (2026 only) philanthropy invited and silent."""
    t = ["reliability", "mission", "openness"]
    v = ["power_influence", "involvement", "resource_contribution"]

    def rating(round_, a, b, trust, value):
        return [round_, a, b, *[str(trust)] * 3, *[str(value)] * 3]

    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector"], ["a", "A", "business"],
                          ["b", "B", "nonprofit"], ["c", "C", "government"],
                          ["d", "D", "philanthropy"]],
        "ratings": [["round", "respondent", "partner", *t, *v],
                    rating("2025", "a", "b", 4, 2), rating("2025", "b", "a", 2, 3),
                    rating("2025", "c", "a", 4, 2),
                    rating("2026", "a", "b", 3, 2), rating("2026", "b", "a", 4, 3),
                    rating("2026", "c", "a", 2, 1), rating("2026", "c", "b", 1, 1)],
        "survey": [["round", "organization", "responded", "date"],
                   *[["2025", x, "yes", "2025-04-01"] for x in "abc"],
                   *[["2026", x, "yes", "2026-04-01"] for x in "abc"],
                   ["2026", "d", "no", ""]]})
    store = tmp_path / "s.db"
    import_workbook(book, str(store))
    return store


def test_a_round_counts_from_its_last_answer(two_rounds):
    """As of a date, a network holds the rounds answered by then (the roster's last
    answer date; else a label that is a year or a date; else always)."""
    from lcii_graph.network.model import round_dates

    with open_store(two_rounds) as s:
        for as_of, expected in (("2025-03-31", []), ("2025-04-01", ["2025"]),
                                ("2026-03-31", ["2025"]), ("2026-04-01", ["2025", "2026"])):
            network = network_of(s, as_of=as_of)
            assert rounds(network) == expected, as_of
            assert {r["round"] for r in network.records["ratings"]} == set(expected)
    # Today's view holds every stored answer, whatever the label says (a round named for
    # next year, answered this December).
    from lcii_graph.network.model import build_network

    records = {"ratings": [{"round": "2999", "respondent": "a", "partner": "b"}],
               "survey": []}
    assert rounds(build_network(records, as_of="2026-12-01", current=True)) == ["2999"]
    assert rounds(build_network(records, as_of="2026-12-01")) == []
    assert round_dates({"ratings": [{"round": "2027"}, {"round": "spring"},
                                    {"round": "2027-09"}], "survey": []}) == {
        "2027": "2027-01-01", "spring": None, "2027-09": "2027-09-01"}


def test_two_rounds_compared(two_rounds):
    """Hand-computed: trust pooled over every item of every rating, 30/9 in 2025 and
    30/12 in 2026; the business sector received 2 and 4 (3.0), then 4 and 2 (3.0); A's
    value from 3 and 2 (2.5) to 3 and 1 (2.0)."""
    from lcii_graph.analysis.survey import compare

    with open_store(two_rounds) as s:
        before, after = network_of(s, as_of="2025-06-30"), network_of(s, everything=True)
    result = compare(before, after)
    assert result["rounds"] == ["2025", "2026"] and result["new_round"]
    f = result["figures"]
    assert (f["invited"]["before"], f["invited"]["after"]) == (3, 4)
    assert (f["response_rate"]["before"], f["response_rate"]["after"]) == (1.0, 0.75)
    assert f["trust"]["before"] == pytest.approx(30 / 9)
    assert f["trust"]["after"] == pytest.approx(2.5)
    assert f["trust"]["change"] == pytest.approx(2.5 - 30 / 9)
    assert (f["ties_total"]["before"], f["ties_total"]["after"]) == (3, 4)
    assert (f["ties_confirmed"]["before"], f["ties_confirmed"]["after"]) == (2, 2)
    sectors = {x["sector"]: x for x in result["sectors"]}
    assert sectors["business"]["trust"] == [3.0, 3.0]
    assert sectors["nonprofit"]["trust"] == [4.0, 2.0]
    assert sectors["nonprofit"]["organizations"] == [1, 1]
    assert result["organizations"] == [{"organization": "a", "name": "A",
                                        "sector": "business", "value": [2.5, 2.0],
                                        "trust": [3.0, 3.0], "trust_change": 0.0}]
    assert compare(after, after)["new_round"] is False


def test_diff_lists_the_new_round(run, two_rounds, store):
    import shutil

    shutil.copy(two_rounds, store)
    text = run("diff", "2025-06-30").stdout
    start = text.index("  survey round")
    assert text[start:].splitlines()[:8] == [
        "  survey round 2025 -> 2026:",
        "    response rate: 100% -> 75% (3 of 4)",
        "    ties: 3 -> 4 (confirmed 2 -> 2)",
        "    network value: 2.33 -> 1.75",
        "    network trust: 3.33 -> 2.50",
        "    business: trust received 3.00 -> 3.00, value received 2.50 -> 2.00",
        "    nonprofit: trust received 4.00 -> 2.00, value received 2.00 -> 1.50",
        "  metrics (edges: links between organizations, by ties, shared tables and "
        "shared people):"]
    assert "  survey: no new round (the latest is 2026)" in run("diff", "2026-06-30").stdout


def test_report_since_compares_the_rounds_sectors_for_partners_scores_internally(
        run, tmp_path):
    """The report's "since" section: the new round beside the one before; a sector of
    one organization shows no figure to partners (it would be that organization's), and
    organizations' moves are internal."""
    import re

    def rating(round_, a, b, trust):
        return [round_, a, b, *[str(trust)] * 3]

    header = ["round", "respondent", "partner", "reliability", "mission", "openness"]
    organizations = [["id", "name", "sector"], ["a", "A", "business"],
                     ["b", "B", "business"], ["c", "C", "nonprofit"]]
    first = [rating("2025", "a", "b", 4), rating("2025", "c", "b", 2),
             rating("2025", "b", "c", 3)]
    second = [rating("2026", "a", "b", 1), rating("2026", "c", "b", 2),
              rating("2026", "b", "c", 3)]
    run("import", write_sheets(tmp_path / "one", {"organizations": organizations,
                                                  "ratings": [header, *first]}))
    assert run("snapshot", "create", "before").exit_code == 0
    run("import", write_sheets(tmp_path / "two", {"organizations": organizations,
                                                  "ratings": [header, *first, *second]}))
    pages = {}
    for profile in ("partner", "internal"):
        out = tmp_path / f"{profile}.html"
        assert run("report", out, "--since", "before", "--profile", profile).exit_code == 0
        text = re.sub(r"<[^>]+>", "|", out.read_text(encoding="utf-8"))
        start = text.index("Survey round 2025 → 2026")
        pages[profile] = text[start:text.index("Findings opened", start)]
    # b was rated by a and c: 3.00 then 1.50; c (the one nonprofit) by b alone
    assert "business 3.00 → 1.50; nonprofit - → -" in pages["partner"]
    assert "business 3.00 → 1.50; nonprofit 3.00 → 3.00" in pages["internal"]
    assert "Trust moved" not in pages["partner"]
    assert "Trust moved by 0.5 or more (internal)||1||B 3.00 → 1.50" in pages["internal"]


def _swap_two_scores(folder):
    """Swap the six items of two 2026 ratings from one sector to two organizations of
    another: every organization's scores change, every sector's and the network's do
    not. Returns the two partners."""
    import csv

    path = folder / "ratings.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with open(folder / "organizations.csv", newline="", encoding="utf-8") as handle:
        sector = {r["id"]: r["sector"] for r in csv.DictReader(handle)}
    items = ["power_influence", "involvement", "resource_contribution", "reliability",
             "mission", "openness"]
    pairs = [(x, y) for x in rows for y in rows
             if x["round"] == y["round"] == "2026" and x["partner"] != y["partner"]
             and sector[x["respondent"]] == sector[y["respondent"]]
             and sector[x["partner"]] == sector[y["partner"]]
             and [x[i] for i in items[3:]] != [y[i] for i in items[3:]]]
    x, y = pairs[0]
    for i in items:
        x[i], y[i] = y[i], x[i]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return x["partner"], y["partner"]


def _contents(path):
    """A file's bytes; a workbook's parts but its dated properties; a folder's files."""
    import zipfile

    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return {n: book.read(n) for n in book.namelist() if n != "docProps/core.xml"}
    return path.read_bytes()


def test_partner_outputs_do_not_move_with_any_organizations_score(tmp_path, example_dir,
                                                                  runner):
    """Byte by byte: two stores whose ratings give every organization other scores, but
    every sector and the network the same, give the same partner map, report and
    exports; the internal report differs (it shows each organization's scores)."""
    import shutil

    from lcii_graph.cli import cli

    swapped = tmp_path / "swapped"
    shutil.copytree(example_dir, swapped)
    partners = _swap_two_scores(swapped)
    outputs = {}
    for name, book in (("same", example_dir), ("swapped", swapped)):
        store = tmp_path / f"{name}.db"
        folder = tmp_path / f"{name}-out"
        folder.mkdir()

        def lcii(*args, store=store):
            result = runner.invoke(cli, ["-q", "--store", str(store), *map(str, args)],
                                   catch_exceptions=False)
            assert result.exit_code == 0, result.output

        lcii("import", book)
        lcii("map", folder / "map.html")
        lcii("report", folder / "report.html")
        lcii("report", folder / "internal.html", "--profile", "internal")
        for fmt, out in (("csv", "csv"), ("xlsx", "book.xlsx"), ("json", "graph.json"),
                         ("cypher", "script.cypher"), ("graphml", "g.graphml"),
                         ("gexf", "g.gexf"), ("kumu", "kumu.xlsx"),
                         ("analysis", "analysis.xlsx")):
            lcii("export", fmt, folder / out)
        outputs[name] = {p.name: _contents(p) for p in folder.iterdir()}
    same, other = outputs["same"], outputs["swapped"]
    assert same.keys() == other.keys()
    for name in same:
        if name != "internal.html":
            assert same[name] == other[name], name
    assert same["internal.html"] != other["internal.html"], partners


def test_who_rated_answered_and_without_a_roster_who_was_named_was_invited(tmp_path):
    """A respondent the roster marks as silent still answered (it rated); without a
    roster, the invited are the respondents and the partners they named."""
    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector"], *[[x, x.upper(), "nonprofit"]
                                                      for x in "abc"]],
        "ratings": [["round", "respondent", "partner", "reliability"],
                    ["R", "a", "b", "3"], ["S", "a", "b", "3"], ["S", "b", "c", "2"]],
        "survey": [["round", "organization", "responded"], ["R", "a", "no"],
                   ["R", "b", "no"], ["R", "c", "no"]]})
    import_workbook(book, str(tmp_path / "s.db"))
    with open_store(tmp_path / "s.db") as s:
        network = network_of(s, everything=True)
    r = survey_round(network, "R")
    assert (r["invited"], r["responded"]) == (3, 1)
    s_round = survey_round(network, "S")  # no roster
    assert (s_round["invited"], s_round["responded"]) == (3, 2)


def test_a_first_round_compares_with_nothing(two_rounds):
    from lcii_graph.analysis.survey import compare
    from lcii_graph.network.model import build_network

    with open_store(two_rounds) as s:
        after = network_of(s, everything=True)
    first = compare(build_network({}), after)
    assert first["rounds"] == [None, "2026"] and first["new_round"]
    assert first["figures"]["trust"] == {"before": None, "after": 2.5, "change": None}
    assert first["organizations"] == [] and first["trust_moved"] == []


def test_a_trust_move_of_exactly_half_a_point_is_listed():
    """x: trust 3.0 then 21/6 = 3.5 (moved by 0.5: listed); w: 3.0 then 20/6 (by 1/3: not)."""
    from lcii_graph.analysis.survey import compare
    from lcii_graph.network.model import build_network

    def rating(round_, a, b, trust):
        return {"round": round_, "respondent": a, "partner": b,
                **dict(zip(("reliability", "mission", "openness"), trust, strict=True)),
                **dict.fromkeys(("power_influence", "involvement", "resource_contribution"))}

    organizations = [{"id": x, "name": x.upper(), "sector": "nonprofit"} for x in "wxyz"]
    first = [rating("1", "y", "x", (3, 3, 3)), rating("1", "z", "x", (3, 3, 3)),
             rating("1", "y", "w", (3, 3, 3)), rating("1", "z", "w", (3, 3, 3))]
    second = [rating("2", "y", "x", (3, 4, 4)), rating("2", "z", "x", (3, 3, 4)),
              rating("2", "y", "w", (3, 3, 4)), rating("2", "z", "w", (3, 3, 4))]
    before = build_network({"organizations": organizations, "ratings": first})
    after = build_network({"organizations": organizations, "ratings": first + second})
    result = compare(before, after)
    assert {o["organization"]: o["trust_change"] for o in result["organizations"]} == \
        pytest.approx({"x": 0.5, "w": 1 / 3})
    assert [o["organization"] for o in result["trust_moved"]] == ["x"]


def test_low_trust_tie_counts_each_tables_own_ratings(tmp_path):
    # Two tables; a low rating across them belongs to neither, one inside each to its own.
    book = write_sheets(tmp_path / "book", {
        "partnerships": [["id", "name"], ["t", "T"], ["u", "U"]],
        "memberships": [["partnership", "organization"], ["t", "a"], ["t", "b"],
                        ["u", "c"], ["u", "d"], ["u", "a"]],
        "organizations": [["id", "name", "sector"], *[[x, x.upper(), "nonprofit"]
                                                      for x in "abcd"]],
        "ratings": [["round", "respondent", "partner", "reliability", "mission"],
                    ["R", "a", "b", "1", "2"],   # low, inside t
                    ["R", "b", "c", "1", "1"],   # low, across: in neither table
                    ["R", "c", "a", "2", "3"],   # exactly 2.5: not below
                    ["R", "d", "a", "2", "2"],   # low, inside u
                    ["R", "c", "d", "4", "4"]]})
    import_workbook(book, str(tmp_path / "s.db"))
    assert _found(tmp_path / "s.db", "low-trust-tie") == [
        (["a", "b"], {"round": "R", "ratings": 1, "pairs": [["a", "b"]]}),
        (["a", "d"], {"round": "R", "ratings": 1, "pairs": [["d", "a"]]})]


def test_pooled_is_statistics_mean():
    # pooled sums whole answers itself; its answer (and its type: 2, not 2.0) is mean's.
    import random
    from statistics import mean

    from lcii_graph.analysis.survey import pooled

    draw = random.Random(7)
    for _ in range(3000):
        values = [draw.randint(1, 4) for _ in range(draw.randint(1, 40))]
        got = pooled([{"x": v} for v in values] + [{"x": None}], ("x",))
        assert got == mean(values) and type(got) is type(mean(values)), values
    assert pooled([{"x": 1.5}, {"x": 2}], ("x",)) == mean([1.5, 2])
    assert pooled([{"x": None}], ("x",)) is None
