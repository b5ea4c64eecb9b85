"""Snapshots and diffs: the example, changed the way the issue describes."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from lcii_graph import import_workbook, open_store
from lcii_graph.analysis.diff import diff
from lcii_graph.network import network_of, snapshot_network

from .conftest import row


@pytest.fixture
def changed(tmp_path, example_dir):
    """A store with a snapshot of the example, then a second import of a workbook with two
    ties added, one member gone and one commitment fulfilled."""
    book = tmp_path / "book"
    shutil.copytree(example_dir, book)
    store = tmp_path / "s.db"
    import_workbook(book, str(store))
    with open_store(store) as s:
        s.create_snapshot("baseline", "2026-06-30")
    with open(book / "ties.csv", "a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["rb-health-system", "mercer-exec", "mou", "3", "", "", "2026-07-15",
                         "", "document", "yes"])
        writer.writerow(["sb-food-pantry", "rb-health-system", "referral", "2", "", "",
                         "2026-08-01", "", "survey", "no"])
    _edit(book / "memberships.csv", lambda r: r[1] == "healthy-mercer" and
          r[2] == "bluewater-insurance", 6, "2026-09-30")
    _edit(book / "commitments.csv", lambda r: r[0] == "c-017", 8, "fulfilled")
    import_workbook(book, str(store))
    return store


def _edit(path, match, column, value):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    hits = [r for r in rows if match(r)]
    assert len(hits) == 1
    hits[0][column] = value
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_diff_reports_exactly_the_changes(changed):
    with open_store(changed) as s:
        before = snapshot_network(s, "baseline")
        after = network_of(s, as_of="2026-11-01")
    d = diff(before, after, before_label="baseline", after_label="2026-11-01")
    assert d["organizations"] == {"joined": [], "left": []}
    assert d["people"] == {"joined": [], "left": []}
    assert [(t["from"], t["to"], t["kind"]) for t in d["ties"]["gained"]] == [
        ("rb-health-system", "mercer-exec", "mou"),
        ("sb-food-pantry", "rb-health-system", "referral")]
    assert d["ties"]["lost"] == []
    assert [(m["partnership"], m["member"]) for m in d["memberships"]["left"]] == [
        ("healthy-mercer", "bluewater-insurance")]
    assert d["memberships"]["joined"] == [] and d["memberships"]["role_changed"] == []
    assert [(c["id"], c["was"], c["status"]) for c in d["commitments"]["status_changed"]] == [
        ("c-017", "active", "fulfilled")]
    assert d["commitments"]["added"] == [] and d["commitments"]["removed"] == []
    coverage = {c["partnership"]: c for c in d["coverage"]}
    assert (coverage["healthy-mercer"]["members_before"],
            coverage["healthy-mercer"]["members_after"]) == (19, 18)
    assert all(not c["gained"] and not c["lost"] for c in d["coverage"])
    assert d["metrics"]["components"] == {"before": 5, "after": 4, "change": -1}
    assert d["metrics"]["nodes"]["change"] == 0
    # Every figure the diff names, each as metrics gives it on either side.
    assert list(d["metrics"]) == ["ties_in_effect", "nodes", "edges", "density", "components",
                                  "degree_centralization", "ei_index_sector",
                                  "assortativity_sector"]
    from lcii_graph import metrics

    numbers = metrics(before), metrics(after)
    for name, figure in list(d["metrics"].items())[1:]:
        assert (figure["before"], figure["after"]) == (numbers[0][name], numbers[1][name])
        assert figure["change"] == pytest.approx(numbers[1][name] - numbers[0][name])
    assert d["metrics"]["density"]["change"] < 0  # Bluewater's table ties went with it
    resolved = {f["rule"] for f in d["findings"]["resolved"]}
    assert "fragmented" in resolved  # Southbank is no longer cut off
    changed_rules = {f["rule"] for f in d["findings"]["changed"]}
    assert "member-not-aligned" in changed_rules


def test_snapshot_and_diff_commands(run, small_workbook, tmp_path):
    run("import", small_workbook)
    result = run("snapshot", "create", "q1", "--date", "2023-03-31")
    assert result.output == "Snapshot 'q1' (2023-03-31): 26 rows.\n"
    assert run("snapshot", "create", "q1").exit_code == 5
    listed = json.loads(run("snapshot", "list", "--json").output)
    assert [(s["label"], s["date"], s["rows"]) for s in listed] == [("q1", "2023-03-31", 26)]
    more = tmp_path / "more"
    more.mkdir()
    (more / "ties.csv").write_text("from,to,kind,since\nbank,np,referral,2024-01-01\n")
    run("import", more)
    data = json.loads(run("diff", "q1", "live", "--json").output)
    assert [(t["from"], t["to"]) for t in data["ties"]["gained"]] == [("bank", "np")]
    text = run("diff", "q1").output
    assert text.startswith("From q1 (2023-03-31) to live (")
    assert "ties gained:\n    Test Bank - Helping Hands (referral)" in text
    dates = json.loads(run("diff", "2021-01-01", "2023-01-01", "--json").output)
    assert [m["member"] for m in dates["memberships"]["left"]] == ["np"]
    assert run("diff", "nope").exit_code == 6
    assert run("snapshot", "delete", "q1").output == "Deleted snapshot 'q1'.\n"
    assert run("snapshot", "delete", "q1").exit_code == 6


def test_report_since(changed, tmp_path):
    from lcii_graph.export.report import write_report

    with open_store(changed) as s:
        path = write_report(s, tmp_path / "r.html", since="baseline", as_of="2026-11-01")
    html = path.read_text(encoding="utf-8")
    assert "Since baseline (2026-06-30)" in html
    assert "Riverbend Health System – Mercer County Executive&#39;s Office (mou)" in html
    assert "First Lakeland Bank loan: active → fulfilled" in html
    # Lists of changes are cut short on the page (a state-wide diff has thousands).
    from lcii_graph.export import report as report_module

    report_module.SUBJECTS_SHOWN, saved = 1, report_module.SUBJECTS_SHOWN
    try:
        with open_store(changed) as s:
            short = write_report(s, tmp_path / "short.html", since="baseline",
                                 as_of="2026-11-01").read_text(encoding="utf-8")
    finally:
        report_module.SUBJECTS_SHOWN = saved
    ties = short.split("<td>Ties gained</td>", 1)[1].split("</tr>", 1)[0]
    assert ties.count(" – ") == 1 and ties.endswith(" and 1 more</td>")


def test_report_since_names_no_person_under_the_partner_profile(run, small_workbook, tmp_path,
                                                                store):
    run("import", small_workbook)
    run("snapshot", "create", "before")
    more = tmp_path / "more"
    more.mkdir()
    (more / "people.csv").write_text("id,name,organization\npx,Quincy Secretperson,bank\n")
    (more / "memberships.csv").write_text("partnership,person,since\njobs,px,2024-01-01\n")
    run("import", more)
    result = run("report", tmp_path / "r.html", "--since", "before")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Since before" in html and "a person (Jobs Table)" in html
    assert "Secretperson" not in html


def test_a_snapshot_is_seen_as_of_the_day_it_stands_for(small_workbook, store):
    """Taken on its day, a snapshot holds every commitment then made; backdated, only the
    ones started by its date (its rows may include later ones)."""
    from lcii_graph.ingest.validate import TableData

    import_workbook(small_workbook, str(store))
    with open_store(store) as s:
        s.upsert([TableData("commitments", ["id", "maker", "partnership", "type", "start"],
                            [("c3", "bank", "jobs", "policy", "2099-01-01")])])
        s.create_snapshot("now")
        s.create_snapshot("back", date="2021-04-01")
        now, back = snapshot_network(s, "now"), snapshot_network(s, "back")
    assert "c3" in {c["id"] for c in now.records["commitments"]}
    assert [c["id"] for c in back.records["commitments"]] == ["c1"]
    assert back.table_members["jobs"] == {"city", "bank", "fdn", "np"}


def test_diff_shows_the_shared_measures_that_moved(run, small_workbook):
    run("import", small_workbook)
    data = json.loads(run("diff", "2023-06-30", "2024-06-30", "--json").output)
    assert data["indicators"] == [{
        "metric": "m1", "name": "Residents employed", "unit": "people", "goal": "g1",
        "goal_name": "More jobs", "before": {"value": 180.0, "date": "2022-12-31"},
        "after": {"value": 260.0, "date": "2023-12-31"}, "change": 80.0, "target": 500.0,
        "toward_target": True}]
    text = run("diff", "2023-06-30", "2024-06-30").output
    assert ("  indicators moved:\n    Residents employed (people): 180 (2022-12-31) -> "
            "260 (2023-12-31), +80, toward its target\n") in text
    first = json.loads(run("diff", "2022-06-30", "2023-06-30", "--json").output)
    assert first["indicators"][0]["before"] is None and first["indicators"][0]["change"] is None
    assert json.loads(run("diff", "2024-01-01", "2024-06-30", "--json").output)[
        "indicators"] == []
    # The report's "since" section lists them too (a snapshot dated mid-2023, taken now).
    assert run("snapshot", "create", "mid", "--date", "2023-06-30").exit_code == 0
    page = small_workbook.parent / "report.html"
    assert run("report", str(page), "--since", "mid").exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<h3>Shared measures that moved</h3>" in html
    assert "<td>+80, toward the target</td>" in html


def _one_table_over_2024(tmp_path, members: dict[str, str]) -> dict:
    """diff of one table from 2024-01-01 to 2024-12-31; ``members`` maps each member's
    sector to the day it left ("" to stay)."""
    from lcii_graph.network import network_of

    from .conftest import write_sheets

    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector"]] + [[s[0], s.title(), s] for s in members],
        "partnerships": [["id", "name"], ["t", "Table"]],
        "memberships": [["partnership", "organization", "until"]] +
                       [["t", s[0], until] for s, until in members.items()]})
    store = tmp_path / "s.db"
    import_workbook(book, str(store))
    with open_store(store) as s:
        return diff(network_of(s, as_of="2024-01-01"), network_of(s, as_of="2024-12-31"))


def _sector_missing(result: dict, what: str) -> list[dict]:
    return [f for f in result["findings"][what] if f["rule"] == "sector-missing"]


def test_a_table_losing_a_sector_opens_its_finding_beside_the_one_it_had(tmp_path):
    """Was: a table missing a recommended sector (community, info) and then a required one
    (business, when its only business member left) gave two findings of one rule at one
    table with one identity; diff kept one of them, and the new finding never showed as
    opened."""
    result = _one_table_over_2024(tmp_path, {"government": "", "business": "2024-06-01",
                                             "philanthropy": "", "nonprofit": ""})
    assert [(f["partnership"], f["evidence"]["kind"], f["evidence"]["missing"])
            for f in _sector_missing(result, "opened")] == [("t", "required", ["business"])]
    assert not _sector_missing(result, "resolved") and not _sector_missing(result, "changed")


def test_a_finding_that_stays_but_says_more_is_changed(tmp_path):
    """The same finding (rule, table, kind, subjects) whose message moved: listed as
    changed, with what it said before (was: neither opened nor changed)."""
    result = _one_table_over_2024(tmp_path, {"government": "", "business": "2024-06-01",
                                             "nonprofit": "", "community": ""})
    assert [(f["evidence"]["missing"], f["was"]) for f in _sector_missing(result, "changed")] \
        == [(["business", "philanthropy"],
             "Table has no member from the philanthropy sector (required).")]
    assert not _sector_missing(result, "opened")


def _finding(rule: str, subjects: str, message: str = "said", partnership=None):
    from lcii_graph.analysis.findings import Finding

    return Finding(rule=rule, lesson="lesson", severity="warning", scope="network",
                   subjects=[{"id": x, "name": x.upper()} for x in subjects],
                   message=message, partnership=partnership)


def test_findings_of_a_kind_about_mostly_the_same_subjects_are_changed_not_reopened():
    """The same kind about at least half of the smaller subject list: changed (ab -> bc:
    one of two, exactly half); less than half (abc -> cde: one of three): resolved and
    opened; a resolved finding pairs with one opened finding only."""
    from lcii_graph.analysis.diff import compare_findings

    found = compare_findings([_finding("silo", "ab", "was")], [_finding("silo", "bc", "is")])
    assert (found["opened"], found["resolved"]) == ([], [])
    assert [(f["message"], f["was"]) for f in found["changed"]] == [("is", "was")]

    found = compare_findings([_finding("silo", "abc")], [_finding("silo", "cde")])
    assert [f["subjects"][0]["id"] for f in found["resolved"]] == ["a"]
    assert [f["subjects"][0]["id"] for f in found["opened"]] == ["c"]
    assert found["changed"] == []

    found = compare_findings([_finding("silo", "ab")], [_finding("silo", "bx"),
                                                        _finding("silo", "by"),
                                                        _finding("silo", "bz")])
    assert len(found["changed"]) == 1 and len(found["opened"]) == 2
    assert compare_findings([_finding("silo", "ab")], [_finding("other", "ab")])[
        "changed"] == []  # another kind: never the same finding
    same = compare_findings([_finding("silo", "ab", "was")], [_finding("silo", "ab", "is")])
    assert [(f["message"], f["was"]) for f in same["changed"]] == [("is", "was")]


def _measured(direction: str | None, values: list[tuple[str, float]]):
    from lcii_graph import build_network
    return build_network({
        "metrics": [row("metrics", id="m", name="Placed", unit="people",
                        direction=direction, target=100.0)],
        "measurements": [row("measurements", metric="m", date=d, value=v)
                         for d, v in values]})


@pytest.mark.parametrize(("direction", "after", "toward"), [
    ("up", 10.5, True), ("up", 9.5, False), ("down", 9.5, True), ("down", 10.5, False),
    (None, 10.5, None), ("up", 10.0, None)])
def test_an_indicator_moves_toward_its_target_by_its_direction(direction, after, toward):
    """Half a unit either way is a move; the same value on a later date is none."""
    from lcii_graph.analysis.diff import indicators

    before = _measured(direction, [("2024-01-01", 10.0)])
    later = _measured(direction, [("2024-01-01", 10.0), ("2025-01-01", after)])
    moved = indicators(before, later, {})
    assert [(m["change"], m["toward_target"]) for m in moved] == [(after - 10.0, toward)]
    assert moved[0]["before"] == {"value": 10.0, "date": "2024-01-01"}
    assert indicators(later, later, {}) == []


def test_the_stakeholders_who_moved_were_first_judged_or_were_contacted():
    """x's later judgement changes its quadrant, stance, engagement and target: each
    [was, now]; w's repeats its first: no move; y is judged only after; the one
    interaction logged in the period is listed, with whom."""
    from lcii_graph import build_network
    from lcii_graph.analysis.diff import stakeholder_changes
    def judged(id_, org, day, power, interest, stance, engagement, target):
        return row("assessments", id=id_, organization=org, partnership="t", date=day,
                   power=power, interest=interest, stance=stance, engagement=engagement,
                   engagement_target=target)

    base = {"organizations": [row("organizations", id=o, name=o.upper(), sector="business")
                              for o in ("w", "x", "y")],
            "partnerships": [row("partnerships", id="t", name="Table")],
            "assessments": [judged("a1", "x", "2024-01-01", 4, 2, "neutral", "inform",
                                   "consult"),
                            judged("a2", "w", "2024-01-01", 2, 2, "neutral", "inform",
                                   "inform")],
            "interactions": [row("interactions", id="i1", date="2024-02-01", organization="x",
                                 channel="call", owner="Dana", topic="First")]}
    later = {**base,
             "assessments": base["assessments"] + [
                 judged("a3", "x", "2025-01-01", 4, 5, "champion", "consult", "collaborate"),
                 judged("a4", "w", "2025-01-01", 2, 2, "neutral", "inform", "inform"),
                 judged("a5", "y", "2025-01-01", 1, 1, "opponent", "inform", "consult")],
             "interactions": base["interactions"] + [
                 row("interactions", id="i2", date="2025-02-01", organization="y",
                     channel="meeting", owner="Dana", topic="Second")]}
    names = {"x": "X", "y": "Y", "w": "W", "t": "Table"}
    found = stakeholder_changes(build_network(base, as_of="2024-06-30"),
                                build_network(later, as_of="2025-06-30"), names,
                                today="2025-06-30")
    [moved] = found["moved"]
    assert moved["subject"] == "x" and moved["partnership_name"] == "Table"
    assert moved["stance"] == ["neutral", "champion"]
    assert moved["engagement"] == ["inform", "consult"]
    assert moved["engagement_target"] == ["consult", "collaborate"]
    assert moved["quadrant"][0] != moved["quadrant"][1]
    assert [(j["subject"], j["stance"]) for j in found["judged"]] == [("y", "opponent")]
    assert found["interactions"] == [{"id": "i2", "date": "2025-02-01", "with": "Y",
                                      "channel": "meeting", "owner": "Dana",
                                      "topic": "Second"}]


def test_a_table_of_one_side_only_and_a_figure_of_one_side_only():
    """A table set up in the period is in the coverage (nothing before); a figure defined
    on one side only (assortativity, where every tie stayed in one sector) has no change."""
    from lcii_graph import build_network
    before = {"organizations": [row("organizations", id=o, name=o.upper(), sector=s)
                                for o, s in (("a", "business"), ("b", "business"),
                                             ("c", "nonprofit"))],
              "ties": [row("ties", id="ab", **{"from": "a", "to": "b"}, kind="informal")]}
    after = {**before,
             "ties": before["ties"] + [row("ties", id="ac", **{"from": "a", "to": "c"},
                                           kind="informal")],
             "partnerships": [row("partnerships", id="t", name="New Table")],
             "memberships": [row("memberships", partnership="t", organization=o,
                                 role="member") for o in ("a", "c")]}
    d = diff(build_network(before, as_of="2024-01-01"),
             build_network(after, as_of="2025-01-01"))
    assert d["coverage"] == [{"partnership": "t", "name": "New Table", "before": [],
                              "after": ["business", "nonprofit"],
                              "gained": ["business", "nonprofit"], "lost": [],
                              "members_before": 0, "members_after": 2}]
    figure = d["metrics"]["assortativity_sector"]
    assert figure["before"] is None and figure["after"] is not None
    assert figure["change"] is None
    assert d["metrics"]["ties_in_effect"] == {"before": 1, "after": 2, "change": 1}


def test_a_stakeholder_first_judged_is_listed_ahead_of_one_who_moved():
    """v, judged only after and a key player, comes first in the register; x, who moved
    into the same quadrant, after it: both are said."""
    from lcii_graph import build_network
    from lcii_graph.analysis.diff import stakeholder_changes

    def judged(id_, org, day, power):
        return row("assessments", id=id_, organization=org, partnership="t", date=day,
                   power=power, interest=4)

    base = {"organizations": [row("organizations", id=o, name=o.upper(), sector="business")
                              for o in ("v", "x")],
            "partnerships": [row("partnerships", id="t", name="Table")],
            "assessments": [judged("a1", "x", "2024-01-01", 1)]}
    later = {**base, "assessments": base["assessments"] + [
        judged("a2", "v", "2025-01-01", 4), judged("a3", "x", "2025-01-01", 4)]}
    found = stakeholder_changes(build_network(base, as_of="2024-06-30"),
                                build_network(later, as_of="2025-06-30"), {},
                                today="2025-06-30")
    assert [(j["subject"], j["quadrant"]) for j in found["judged"]] == [
        ("v", "manage closely")]
    assert [(m["subject"], m["quadrant"]) for m in found["moved"]] == [
        ("x", ["keep informed", "manage closely"])]


def test_an_indicator_that_stayed_is_passed_over_for_the_next():
    """Of two metrics the first (by id) did not move and the second did: the second is
    said."""
    from lcii_graph import build_network
    from lcii_graph.analysis.diff import indicators

    def measured(later: bool):
        return build_network({
            "metrics": [row("metrics", id=m, name=m, direction="up") for m in ("a", "b")],
            "measurements": [row("measurements", metric="a", date="2024-01-01", value=1.0),
                             row("measurements", metric="b", date="2024-01-01", value=1.0),
                             *([row("measurements", metric="b", date="2025-01-01",
                                    value=3.0)] if later else [])]})

    moved = indicators(measured(False), measured(True), {})
    assert [(m["metric"], m["change"], m["toward_target"]) for m in moved] == [("b", 2.0, True)]
