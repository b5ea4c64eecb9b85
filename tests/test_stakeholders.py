"""Stakeholder mapping: the grid, salience, engagement, the register and its gap rules,
each threshold tested at its boundary; and the judgements kept from partner outputs."""

from __future__ import annotations

import json

import pytest

from lcii_graph import import_workbook, open_store
from lcii_graph.analysis.context import Context
from lcii_graph.analysis.rules import RULES, run_rules
from lcii_graph.analysis.stakeholders import (
    engagement_gap,
    latest_assessments,
    quadrant,
    register,
    salience,
)
from lcii_graph.network import network_of

from .conftest import write_sheets

TODAY = "2025-06-30"
EXAMPLE_DAY = "2026-06-30"  # the example story is told as of mid-2026


@pytest.mark.parametrize("power, interest, high, expected", [
    (3, 3, 3, "manage closely"), (4, 4, 3, "manage closely"), (3, 2, 3, "keep satisfied"),
    (2, 3, 3, "keep informed"), (2, 2, 3, "monitor"), (1, 1, 3, "monitor"),
    (3, 3, 4, "monitor"), (4, 3, 4, "keep satisfied"), (2, 2, 2, "manage closely"),
    (None, 4, 3, None), (4, None, 3, None),
])
def test_the_quadrant_at_each_boundary(power, interest, high, expected):
    assert quadrant(power, interest, high=high) == expected


@pytest.mark.parametrize("power, legitimacy, urgency, expected", [
    (3, False, 2, "dormant"), (2, True, 2, "discretionary"), (2, False, 3, "demanding"),
    (3, True, 2, "dominant"), (3, False, 3, "dangerous"), (2, True, 3, "dependent"),
    (3, True, 3, "definitive"), (2, False, 2, "non-stakeholder"),
    (None, None, None, "non-stakeholder"), (4, True, 4, "definitive"),
])
def test_the_salience_class_of_each_combination(power, legitimacy, urgency, expected):
    assert salience(power, legitimacy, urgency) == expected


def test_the_engagement_gap_counts_iap2_levels():
    assert engagement_gap("inform", "empower") == 4
    assert engagement_gap("consult", "collaborate") == 2
    assert engagement_gap("involve", "consult") == -1
    assert engagement_gap(None, "consult") is None and engagement_gap("consult", None) is None


ORGS = [["id", "name", "sector"], ["gov", "County", "government"], ["biz", "Bank", "business"],
        ["npo", "Shelter", "nonprofit"], ["fdn", "Fund", "philanthropy"]]
PEOPLE = [["id", "name", "organization"], ["ann", "Ann", "biz"]]
TABLES = [["id", "name"], ["t", "The Table"]]
MEMBERS = [["partnership", "organization"], ["t", "gov"], ["t", "npo"]]
ASSESSMENTS_HEADER = ["partnership", "organization", "person", "date", "power", "interest",
                      "legitimacy", "urgency", "stance", "engagement", "engagement_target"]
INTERACTIONS_HEADER = ["date", "organization", "person", "partnership", "channel", "owner",
                       "follow_up_due", "follow_up_done"]


def _network(tmp_path, assessments, interactions=()):
    book = write_sheets(tmp_path / "book", {
        "organizations": ORGS, "people": PEOPLE, "partnerships": TABLES,
        "memberships": MEMBERS, "assessments": [ASSESSMENTS_HEADER, *assessments],
        **({"interactions": [INTERACTIONS_HEADER, *interactions]} if interactions else {})})
    store = tmp_path / "s.db"
    import_workbook(book, str(store))
    with open_store(store) as s:
        return network_of(s, as_of=TODAY)


def _found(network, rule, **settings):
    config = {rule: settings} if settings else None
    return [(f.subjects[0]["id"], f.evidence) for f in
            run_rules(Context(network), config, only={rule})]


def test_the_register_takes_the_latest_judgement_by_the_date_and_the_contacts(tmp_path):
    network = _network(tmp_path, [
        ["t", "biz", "", "2024-01-01", "4", "4", "yes", "4", "champion", "inform", "empower"],
        ["t", "biz", "", "2025-01-01", "3", "2", "no", "1", "sceptic", "consult", "involve"],
        ["t", "biz", "", "2025-07-01", "1", "1", "", "", "opponent", "", ""],  # after the date
        ["", "gov", "", "2025-02-01", "2", "3", "yes", "", "", "", ""],
    ], [["2025-03-01", "", "ann", "t", "call", "Kim", "", ""],  # Ann works at the bank
        ["2024-05-01", "biz", "", "t", "meeting", "Lee", "", ""],
        ["2025-05-01", "biz", "", "", "meeting", "Kim", "", ""],
        ["2025-06-01", "gov", "", "t", "email", "Kim", "", ""]])
    rows = {(r["subject"], r["partnership"]): r for r in register(network)}
    bank = rows["biz", "t"]
    assert (bank["assessed"], bank["power"], bank["quadrant"], bank["salience"]) == \
        ("2025-01-01", 3, "keep satisfied", "dormant")
    assert (bank["stance"], bank["stance_score"], bank["engagement_gap"]) == ("sceptic", -1, 1)
    assert (bank["at_table"], bank["tables"], bank["sector"]) == (False, [], "business")
    assert (bank["last_contact"], bank["contacts_past_year"]) == ("2025-05-01", 2)
    assert bank["owners"] == ["Kim", "Lee"]  # most contacts first
    county = rows["gov", None]  # about every table: at one
    assert (county["at_table"], county["quadrant"], county["last_contact"]) == \
        (True, "keep informed", "2025-06-01")
    assert set(rows) == {("biz", "t"), ("gov", None)}


def test_key_player_not_at_table_at_its_boundary(tmp_path):
    network = _network(tmp_path, [
        ["t", "biz", "", "2025-01-01", "3", "3", "", "", "", "", ""],  # key, absent
        ["t", "fdn", "", "2025-01-01", "3", "2", "yes", "3", "", "", ""],  # definitive
        ["t", "npo", "", "2025-01-01", "4", "4", "", "", "", "", ""],  # key, at the table
        ["t", "", "ann", "2025-01-01", "2", "4", "yes", "2", "", "", ""],  # not key
    ])
    assert [s for s, _ in _found(network, "key-player-not-at-table")] == ["biz", "fdn"]
    assert [s for s, _ in _found(network, "key-player-not-at-table", high=4)] == []


def test_powerful_opponent_at_its_boundary(tmp_path):
    network = _network(tmp_path, [
        ["t", "biz", "", "2025-01-01", "3", "1", "", "", "-1", "", ""],
        ["t", "fdn", "", "2025-01-01", "2", "1", "", "", "opponent", "", ""],  # power 2
        ["t", "gov", "", "2025-01-01", "4", "1", "", "", "neutral", "", ""],  # stance 0
        ["t", "npo", "", "2025-01-01", "4", "1", "", "", "", "", ""],  # no stance
    ])
    assert [s for s, _ in _found(network, "powerful-opponent")] == ["biz"]
    assert [s for s, _ in _found(network, "powerful-opponent", max_stance=-2)] == []
    assert [s for s, _ in _found(network, "powerful-opponent", max_stance=0)] == ["biz", "gov"]


def test_engagement_gap_at_its_boundary(tmp_path):
    network = _network(tmp_path, [
        ["t", "biz", "", "2025-01-01", "4", "4", "", "", "", "consult", "collaborate"],  # 2
        ["t", "gov", "", "2025-01-01", "4", "4", "", "", "", "consult", "involve"],  # 1
        ["t", "fdn", "", "2025-01-01", "1", "1", "", "", "", "inform", "empower"],  # not key
    ])
    assert _found(network, "engagement-gap") == [
        ("biz", {"assessed": "2025-01-01", "engagement": "consult",
                 "engagement_target": "collaborate", "gap": 2})]
    assert [s for s, _ in _found(network, "engagement-gap", min_gap=1)] == ["biz", "gov"]


def test_relationship_quiet_at_its_boundary(tmp_path):
    key = ["2025-01-01", "4", "4", "", "", "", "", ""]
    network = _network(tmp_path, [["t", o, "", *key] for o in ("biz", "gov", "fdn")], [
        ["2025-04-01", "biz", "", "t", "call", "Kim", "", ""],  # 90 days before: quiet enough
        ["2025-03-31", "gov", "", "t", "call", "Kim", "", ""],  # 91 days: quiet
    ])
    assert _found(network, "relationship-quiet") == [
        ("fdn", {"assessed": "2025-01-01", "last_contact": None, "days": None}),
        ("gov", {"assessed": "2025-01-01", "last_contact": "2025-03-31", "days": 91})]


def test_single_threaded_relationship_at_its_boundary(tmp_path):
    key = ["2025-01-01", "4", "4", "", "", "", "", ""]
    network = _network(tmp_path, [["t", o, "", *key] for o in ("biz", "gov", "fdn")], [
        ["2025-04-01", "biz", "", "t", "call", "Kim", "", ""],
        ["2025-05-01", "biz", "", "t", "call", "Kim", "", ""],  # two, one owner
        ["2025-04-01", "gov", "", "t", "call", "Kim", "", ""],
        ["2025-05-01", "gov", "", "t", "call", "Lee", "", ""],  # two owners
        ["2025-05-01", "fdn", "", "t", "call", "Kim", "", ""],  # one contact only
    ])
    assert _found(network, "single-threaded-relationship") == [
        ("biz", {"assessed": "2025-01-01", "owner": "Kim", "contacts": 2})]
    assert [s for s, _ in _found(network, "single-threaded-relationship", min_contacts=1)] \
        == ["biz", "fdn"]


def test_stance_falling_compares_the_last_two_judgements(tmp_path):
    row = ["3", "3", "", "", ]
    network = _network(tmp_path, [
        ["t", "biz", "", "2024-01-01", *row, "champion", "", ""],
        ["t", "biz", "", "2025-01-01", *row, "supporter", "", ""],  # fell by one
        ["t", "gov", "", "2024-01-01", *row, "sceptic", "", ""],
        ["t", "gov", "", "2025-01-01", *row, "sceptic", "", ""],  # same
        ["t", "fdn", "", "2024-01-01", *row, "opponent", "", ""],
        ["t", "fdn", "", "2025-01-01", *row, "neutral", "", ""],  # rose
        ["t", "npo", "", "2024-01-01", *row, "champion", "", ""],
        ["t", "npo", "", "2025-01-01", *row, "", "", ""],  # the latest says nothing of it
    ])
    assert _found(network, "stance-falling") == [
        ("biz", {"assessed": "2025-01-01", "was": "champion", "now": "supporter",
                 "since": "2024-01-01"})]


def test_follow_up_overdue_at_its_boundary(tmp_path):
    network = _network(tmp_path, [["t", "biz", "", "2025-01-01", "1", "1", "", "", "", "", ""]],
                       [["2025-01-01", "biz", "", "t", "call", "Kim", "2025-06-29", ""],
                        ["2025-01-02", "gov", "", "t", "call", "Kim", TODAY, ""],  # due today
                        ["2025-01-03", "fdn", "", "", "call", "Kim", "2025-06-01", "yes"],
                        ["2025-01-04", "", "ann", "", "call", "Kim", "2025-06-01", "no"]])
    assert [(s, e["days_overdue"]) for s, e in _found(network, "follow-up-overdue")] == [
        ("ann", 29), ("biz", 1)]


def test_the_register_command(run, tmp_path, example_dir, monkeypatch):
    assert run("import", example_dir).exit_code == 0
    out = json.loads(run("stakeholders", "--as-of", EXAMPLE_DAY, "--json").output)
    harbor = [r for r in out if r["subject"] == "harbor-construction"]
    assert harbor == [{
        "subject": "harbor-construction", "kind": "organization",
        "name": "Harbor Construction Co.", "sector": "business",
        "partnership": "riverbend-works", "at_table": False, "tables": ["transit-corridor"],
        "assessed": "2026-03-01", "power": 3, "interest": 3, "quadrant": "manage closely",
        "legitimacy": True, "urgency": 3, "salience": "definitive", "stance": "sceptic",
        "stance_score": -1, "engagement": "consult", "engagement_target": "collaborate",
        "engagement_gap": 2, "last_contact": "2026-02-20", "contacts_past_year": 2,
        "owners": ["Marcus Lee"]}]
    before = json.loads(run("stakeholders", "--as-of", "2025-12-31", "--json").output)
    assert [r["stance"] for r in before if r["subject"] == "harbor-construction"] == \
        ["supporter"]
    kept = json.loads(run("stakeholders", "--as-of", EXAMPLE_DAY, "--quadrant", "keep informed",
                          "--partnership", "Riverbend Works", "--json").output)
    assert [r["subject"] for r in kept] == ["eastport-residents"]
    monkeypatch.setenv("COLUMNS", "250")
    table = run("stakeholders", "--as-of", EXAMPLE_DAY).output
    assert "consult -> collaborate" in table
    csv_header = run("stakeholders", "--csv").output.splitlines()[0]
    assert csv_header.startswith("subject,kind,name,sector,partnership,at_table,tables")


def test_partner_outputs_hold_no_stakeholder_finding(tmp_path, example_dir):
    from lcii_graph.export.html import write_map
    from lcii_graph.export.report import write_report
    from lcii_graph.export.results import results_sheets

    store = tmp_path / "s.db"
    import_workbook(example_dir, str(store))
    stakeholder_rules = {r.id for r in RULES.values() if r.lesson == "stakeholders"}
    with open_store(store) as s:
        network = network_of(s, as_of=EXAMPLE_DAY)
        for profile, shown in (("partner", False), ("internal", True)):
            pages = [write_map(network, tmp_path / f"{profile}-map.html", profile=profile),
                     write_report(network, tmp_path / f"{profile}-report.html",
                                  profile=profile)]
            for page in pages:
                text = page.read_text(encoding="utf-8")
                assert any(rule in text for rule in stakeholder_rules) == shown, page.name
                assert ("Marcus Lee" in text) == shown, page.name  # a finding names him
            findings = results_sheets(network, profile=profile)["findings"]
            assert any(row[1] in stakeholder_rules for row in findings) == shown


@pytest.mark.parametrize("setting, value, ok", [
    ("max_stance", -2, True), ("max_stance", 2, True), ("max_stance", -3, False),
    ("max_stance", 3, False), ("high", 1, True), ("high", 4, True), ("high", 0, False),
    ("high", 5, False),
])
def test_the_scale_settings_are_checked_at_their_ends(setting, value, ok):
    from lcii_graph.analysis.config import settings_for
    from lcii_graph.errors import InputInvalid

    config = {"powerful-opponent": {setting: value}}
    if ok:
        assert settings_for(RULES["powerful-opponent"], config)[setting] == value
    else:
        with pytest.raises(InputInvalid, match=f"{setting} must be a whole number from"):
            settings_for(RULES["powerful-opponent"], config)


def test_to_pandas_gives_the_register(tmp_path, example_dir):
    from lcii_graph import to_pandas

    store = tmp_path / "s.db"
    import_workbook(example_dir, str(store))
    frame = to_pandas(str(store), "stakeholders", as_of=EXAMPLE_DAY)
    row = frame.set_index("subject").loc["rb-utilities"]
    assert (row["quadrant"], row["stance"], row["engagement_gap"]) == \
        ("manage closely", "opponent", 2)
    assert str(row["last_contact"].date()) == "2025-09-10"
    assert len(frame) == len(register(network_of(str(store), as_of=EXAMPLE_DAY)))


def test_report_since_shows_partners_no_stakeholder_finding(run, tmp_path):
    book = write_sheets(tmp_path / "one", {"organizations": ORGS, "partnerships": TABLES,
                                           "memberships": MEMBERS})
    assert run("import", book).exit_code == 0
    assert run("snapshot", "create", "before").exit_code == 0
    later = write_sheets(tmp_path / "two", {"assessments": [
        ["partnership", "organization", "date", "power", "stance"],
        ["t", "biz", "2025-01-01", "4", "opponent"]]})
    assert run("import", later).exit_code == 0
    for profile, shown in (("partner", False), ("internal", True)):
        page = tmp_path / f"{profile}.html"
        assert run("report", page, "--since", "before", "--profile", profile).exit_code == 0
        text = page.read_text(encoding="utf-8")
        assert ("is an opponent" in text) == shown, profile
        assert ("Stakeholders moved / first judged (internal)</td><td class=\"num\">0 / 1"
                in text) == shown, profile


def test_the_internal_report_draws_each_tables_grid_and_register(tmp_path, example_dir):
    """A grid per table judged: a dot per stakeholder with both scores, filled when at the
    table; the SVG well formed, names escaped; the partner report has no such section."""
    import xml.etree.ElementTree as ET

    from lcii_graph.export.report import write_report

    store = tmp_path / "s.db"
    import_workbook(example_dir, str(store))
    with open_store(store) as s:
        network = network_of(s, as_of=EXAMPLE_DAY)
    rows = [r for r in register(network) if r["partnership"] == "riverbend-works"]
    internal = write_report(network, tmp_path / "i.html", profile="internal")
    partner = write_report(network, tmp_path / "p.html")
    text = internal.read_text(encoding="utf-8")
    assert 'id="stakeholders"' in text and 'id="stakeholders"' not in \
        partner.read_text(encoding="utf-8")
    section = text.split('id="stakeholders"', 1)[1].split("</section>", 1)[0]
    svgs = [part.split("</svg>", 1)[0] + "</svg>" for part in section.split("<svg")[1:]]
    assert len(svgs) == 4  # the four tables judged
    works = ET.fromstring("<svg" + svgs[1])  # Riverbend Works: second by id
    ns = "{http://www.w3.org/2000/svg}"
    circles = works.findall(f"{ns}circle")
    assert len(circles) == len(rows) == 8
    hollow = [c.find(f"{ns}title").text for c in circles if c.get("fill") == "#ffffff"]
    assert sorted(t.split(":")[0] for t in hollow) == ["Harbor Construction Co.",
                                                       "Riverbend Power & Light"]
    assert "Riverbend Power &amp; Light" in section


def test_diff_says_who_moved_and_what_was_logged(run, example_dir):
    import csv

    assert run("import", example_dir).exit_code == 0
    result = json.loads(run("diff", "2025-12-31", EXAMPLE_DAY, "--json").output)
    changes = result["stakeholders"]
    assert changes["moved"] == [{
        "subject": "harbor-construction", "name": "Harbor Construction Co.",
        "partnership": "riverbend-works", "partnership_name": "Riverbend Works",
        "stance": ["supporter", "sceptic"], "engagement_target": ["involve", "collaborate"]}]
    assert changes["judged"] == []
    with open(example_dir / "interactions.csv", encoding="utf-8") as f:
        dates = sorted(r["date"] for r in csv.DictReader(f)
                       if "2025-12-31" < r["date"] <= EXAMPLE_DAY)
    assert [i["date"] for i in changes["interactions"]] == dates and len(dates) == 10
    text = run("diff", "2025-12-31", EXAMPLE_DAY).output
    assert "    Harbor Construction Co. at Riverbend Works: stance supporter -> sceptic; " \
           "engagement target involve -> collaborate\n" in text
    assert "    2026-02-20 Harbor Construction Co. (meeting, Marcus Lee, Complaints about " \
           "readiness)\n" in text
    first = json.loads(run("diff", "2024-12-31", "2025-06-30", "--json").output)
    with open(example_dir / "assessments.csv", encoding="utf-8") as f:
        judged = {(r["person"] or r["organization"], r["partnership"])
                  for r in csv.DictReader(f) if "2024-12-31" < r["date"] <= "2025-06-30"}
    assert {(m["subject"], m["partnership"]) for m in first["stakeholders"]["judged"]} == \
        judged and len(judged) == 12
    assert first["stakeholders"]["moved"] == []


def test_show_lists_the_judgements_and_contacts_of_a_stakeholder(run, example_dir):
    assert run("import", example_dir).exit_code == 0
    shown = json.loads(run("show", "harbor-construction", "--json").output)
    assert [(a["date"], a["stance"]) for a in shown["assessments"]] == [
        ("2025-01-15", "supporter"), ("2026-03-01", "sceptic")]
    assert [i["date"] for i in shown["interactions"]] == ["2025-01-20", "2025-08-14",
                                                          "2026-02-20"]
    text = run("show", "harbor-construction").output
    assert "\nJudgements (assessments, oldest first):\n" in text
    assert "\nContacts (interactions, oldest first):\n" in text
    assert "assessments" not in json.loads(run("show", "riverbend-works", "--json").output)


def test_the_register_at_the_ends_of_its_days_and_tables(tmp_path):
    """The analysis day itself counts (a judgement or a contact on it); a contact exactly
    a year before it is not of the past year, one a day later is; a row kept for one
    table follows rows skipped for another; a person sits where their organization does;
    and rows of one quadrant are ordered by name, not by id."""
    book = write_sheets(tmp_path / "book", {
        "organizations": ORGS, "people": PEOPLE,
        "partnerships": [["id", "name"], ["t", "The Table"], ["u", "Another"]],
        "memberships": [["partnership", "organization"], ["t", "gov"], ["t", "biz"],
                        ["u", "npo"]],
        "assessments": [ASSESSMENTS_HEADER,
                        ["u", "npo", "", "2025-01-01", "3", "3", "", "", "", "", ""],
                        ["t", "gov", "", "2025-03-01", "4", "4", "", "", "", "", ""],
                        ["t", "fdn", "", "2025-03-01", "4", "4", "", "", "", "", ""],
                        ["t", "", "ann", TODAY, "2", "2", "", "", "", "", ""]],
        "interactions": [INTERACTIONS_HEADER,
                         [TODAY, "gov", "", "t", "call", "Kim", "", ""],
                         ["2024-06-30", "gov", "", "t", "call", "Kim", "", ""],  # 365 days
                         ["2024-07-01", "gov", "", "t", "call", "Lee", "", ""],  # 364 days
                         ["2025-05-01", "gov", "", "u", "call", "Lee", "", ""]]})  # table u
    import_workbook(book, str(tmp_path / "s.db"))
    with open_store(tmp_path / "s.db") as s:
        network = network_of(s, as_of=TODAY)
    rows = register(network, partnership="t")
    # County and Fund: both "manage closely", by name (ids: fdn before gov); Ann: monitor.
    assert [(r["subject"], r["quadrant"]) for r in rows] == [
        ("gov", "manage closely"), ("fdn", "manage closely"), ("ann", "monitor")]
    county, _, ann = rows
    assert (county["last_contact"], county["contacts_past_year"]) == (TODAY, 2)
    assert county["owners"] == ["Kim", "Lee"]
    assert (ann["assessed"], ann["tables"], ann["at_table"]) == (TODAY, ["t"], True)
    assert [r["subject"] for r in register(network, partnership="u")] == ["npo"]
    # Without a date every judgement is read.
    assert sorted(latest_assessments(network)) == [("ann", "t"), ("fdn", "t"), ("gov", "t"),
                                                   ("npo", "u")]
