"""Every gap rule fires on a network built to trip it and stays quiet on one that does not."""

from __future__ import annotations

import pytest

from lcii_graph import build_network, gaps
from lcii_graph.analysis.rules import RULES
from lcii_graph.errors import InputInvalid

from .conftest import row

TODAY = "2025-06-30"


def org(id_, sector, jurisdiction="city", **more):
    return row("organizations", id=id_, name=id_.title(), sector=sector,
               jurisdiction=jurisdiction, **more)


def person(id_, organization, decision_maker):
    return row("people", id=id_, name=id_.title(), organization=organization,
               decision_maker=decision_maker, decision_maker_inferred=False)


def member(table, organization=None, person=None, role="member"):
    return row("memberships", id=f"{table}--{organization or person}", partnership=table,
               organization=organization, person=person, role=role)


def tie(a, b):
    return row("ties", id=f"{a}--{b}", **{"from": a, "to": b}, kind="informal")


def commitment(id_, maker, type_, amount=None, table="t", goal=None, change=None,
               status="active", recipient=None):
    return row("commitments", id=id_, maker=maker, type=type_, amount=amount, partnership=table,
               goal=goal, change=change, status=status, recipient=recipient)


JURISDICTIONS = [row("jurisdictions", id="state", name="State", level="state"),
                 row("jurisdictions", id="county", name="County", level="county",
                     parent="state"),
                 row("jurisdictions", id="city", name="City", level="city", parent="county")]


def healthy() -> dict:
    """A table with nothing wrong: every sector, every level, decision-makers and doers,
    blended capital, systems change, measured goals, no structural weakness."""
    orgs = [org("mayor", "government", "city"), org("county-gov", "government", "county"),
            org("state-gov", "government", "state"), org("bank", "business"),
            org("fund", "philanthropy"), org("cdfi", "nonprofit", intermediary=True),
            org("np", "nonprofit"), org("block", "community")]
    people = []
    for o in orgs:
        people += [person(f"{o['id']}-lead", o["id"], True),
                   person(f"{o['id']}-staff", o["id"], False)]
    ids = [o["id"] for o in orgs]
    ties = [tie(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]
    return {
        "jurisdictions": JURISDICTIONS,
        "organizations": orgs,
        "people": people,
        "partnerships": [row("partnerships", id="t", name="Table", serves="city")],
        "memberships": [member("t", o, role="convener" if o == "np" else "member")
                        for o in ids],
        "ties": ties,
        "goals": [row("goals", id="g", partnership="t", name="Goal")],
        "metrics": [row("metrics", id="m", goal="g", name="Metric", direction="up",
                        baseline=10.0, baseline_date="2020-01-01", target=20.0,
                        target_date="2026-01-01")],
        "measurements": [row("measurements", id=f"m-{y}-{who}", metric="m", date=f"{y}-06-30",
                             value=10.0 + 2 * (y - 2020), reported_by=who)
                         for y in (2021, 2022, 2024) for who in ("np", "county-gov")],
        "commitments": [
            commitment(f"c-{o}", o, t, a, goal="g", change=c) for o, t, a, c in [
                ("fund", "grant", 100.0, None), ("bank", "loan", 100.0, None),
                ("cdfi", "pri", 100.0, None), ("mayor", "policy", None, "systems"),
                ("county-gov", "public_funds", 100.0, "systems"),
                ("state-gov", "data_sharing", None, "systems"), ("np", "program", None, None),
                ("block", "in_kind", 10.0, None)]],
    }


def findings(records, **kw):
    return gaps(build_network(records), today=TODAY, **kw)


def rules_found(records, **kw) -> set[str]:
    return {f.rule for f in findings(records, **kw)}


def test_the_healthy_table_is_quiet():
    found = findings(healthy())
    assert [(f.rule, f.evidence.get("role")) for f in found] == [
        ("government-role", "full partner")]


def changed(**replace) -> dict:
    records = healthy()
    records.update(replace)
    return records


def without(records: dict, sheet: str, *ids) -> dict:
    records[sheet] = [r for r in records[sheet] if r["id"] not in ids]
    return records


def test_government_absent():
    records = healthy()
    government = {"mayor", "county-gov", "state-gov"}
    records["memberships"] = [m for m in records["memberships"]
                              if m["organization"] not in government]
    records["commitments"] = [c for c in records["commitments"] if c["maker"] not in government]
    found = findings(records)
    (absent,) = [f for f in found if f.rule == "government-absent"]
    assert absent.severity == "critical" and absent.partnership == "t"
    assert absent.evidence == {"members": 5, "government_members": 0}
    assert "sector-missing" in {f.rule for f in found}
    assert "government-role" not in {f.rule for f in found}


def test_government_no_decision_maker_and_spectator_role():
    records = healthy()
    records["people"] = [p for p in records["people"]
                         if not (p["id"].endswith("-lead") and p["organization"] in
                                 {"mayor", "county-gov", "state-gov"})]
    records["commitments"] = [c for c in records["commitments"]
                              if c["maker"] not in {"mayor", "county-gov", "state-gov"}]
    found = {f.rule: f for f in findings(records)}
    assert found["government-no-decision-maker"].evidence["government_people"] == 3
    assert found["government-role"].evidence["role"] == "spectator"
    assert found["government-role"].severity == "warning"


def test_government_role_leader_and_advocate():
    records = healthy()
    for m in records["memberships"]:
        m["role"] = "convener" if m["organization"] == "mayor" else "member"
    assert findings(records, rules={"government-role"})[0].evidence["role"] == "leader"
    records = healthy()
    records["commitments"] = [c for c in records["commitments"]
                              if c["maker"] not in {"mayor", "county-gov", "state-gov"}]
    assert findings(records, rules={"government-role"})[0].evidence["role"] == "advocate"


def test_sector_missing_required_and_recommended():
    records = without(healthy(), "organizations", "bank", "block")
    records["memberships"] = [m for m in records["memberships"]
                              if m["organization"] not in {"bank", "block"}]
    found = [f for f in findings(records) if f.rule == "sector-missing"]
    assert [(f.severity, f.evidence["missing"]) for f in found] == [
        ("warning", ["business"]), ("info", ["community"])]


def test_sector_doers_only_and_deciders_only():
    records = healthy()
    records["people"] = [p for p in records["people"]
                         if p["id"] not in ("bank-lead", "fund-staff")]
    found = {f.rule: f for f in findings(records)}
    assert found["sector-doers-only"].evidence == {"sector": "business", "people": 1,
                                                   "decision_makers": 0}
    assert "sector-deciders-only" not in found  # one person is below min_people
    records["people"].append(person("fund-lead-2", "fund", True))
    found = {f.rule: f for f in findings(records)}
    assert found["sector-deciders-only"].evidence["sector"] == "philanthropy"


def test_jurisdiction_level_missing():
    records = healthy()
    records["memberships"] = [m for m in records["memberships"]
                              if m["organization"] != "county-gov"]
    found = [f for f in findings(records) if f.rule == "jurisdiction-level-missing"]
    assert [(f.evidence["level"], f.evidence["jurisdiction"]) for f in found] == [
        ("county", "county")]
    quiet = gaps(build_network(records), {"jurisdiction-level-missing": {"levels": ["state"]}},
                 today=TODAY)
    assert "jurisdiction-level-missing" not in {f.rule for f in quiet}


def test_programs_only():
    records = healthy()
    for c in records["commitments"]:
        c["change"] = "program" if c["change"] == "systems" else c["change"]
    found = {f.rule: f for f in findings(records)}
    assert found["programs-only"].evidence["commitments"] == 8


def test_goal_without_metric_and_metric_gaps():
    records = healthy()
    records["goals"].append(row("goals", id="g2", partnership="t", name="Other goal"))
    records["metrics"][0].update(baseline=None, target_date=None)
    found = {f.rule: f for f in findings(records)}
    assert found["goal-without-metric"].subjects == [{"id": "g2", "name": "Other goal"}]
    assert found["metric-without-baseline"].evidence == {"missing": ["baseline"]}
    assert found["metric-without-target"].evidence == {"missing": ["target_date"]}


def test_metric_stale():
    found = {f.rule: f for f in gaps(build_network(healthy()), today="2027-01-01")}
    assert found["metric-stale"].evidence["last_measured"] == "2024-06-30"
    assert found["metric-stale"].evidence["age_days"] == 915


def test_metric_off_track_wrong_way_and_short_of_target():
    records = healthy()
    records["measurements"][-1]["value"] = 8.0
    records["measurements"][-2]["value"] = 8.0
    found = {f.rule: f for f in findings(records)}
    assert found["metric-off-track"].message.endswith("moved away from its baseline.")
    records = healthy()
    records["metrics"][0]["target"] = 30.0
    found = {f.rule: f for f in findings(records)}
    assert "short of the target of 30" in found["metric-off-track"].message


def test_measurement_thin():
    records = healthy()
    records["measurements"] = [m for m in records["measurements"]
                               if m["reported_by"] == "np"]
    found = {f.rule: f for f in findings(records)}
    assert [s["id"] for s in found["measurement-thin"].subjects] == ["m", "np"]


def test_member_not_aligned():
    records = without(healthy(), "commitments", "c-block")
    found = {f.rule: f for f in findings(records)}
    assert [s["id"] for s in found["member-not-aligned"].subjects] == ["block"]


def test_funding_rules():
    records = healthy()
    records["commitments"] = [c for c in records["commitments"]
                              if c["type"] not in ("loan", "pri", "public_funds")]
    records["commitments"].append(commitment("c-fund2", "fund", "grant", 50.0))
    records["memberships"] = [m for m in records["memberships"] if m["organization"] != "cdfi"]
    found = {f.rule: f for f in findings(records)}
    assert found["grants-only"].evidence["by_type"]["grant"] == 150.0
    assert "no-private-capital" in found
    assert "no-intermediary" in found
    assert found["funder-concentration"].evidence["top_share"] == 1.0
    assert found["funder-concentration"].evidence["hhi"] == 1.0


def test_funder_concentration_threshold_from_config():
    records = healthy()  # four funders of 100 each: top share 0.25
    quiet = {f.rule for f in gaps(build_network(records), today=TODAY)}
    assert "funder-concentration" not in quiet
    found = gaps(build_network(records), {"funder-concentration": {"threshold": 0.2}},
                 today=TODAY, rules={"funder-concentration"})
    assert found[0].evidence["hhi"] == pytest.approx(0.25)


def test_structure_fragmented_isolates_silo_and_cut_point():
    records = healthy()
    extra = [org(f"sb{i}", "nonprofit") for i in range(4)] + [org("alone", "business"),
                                                               org("bridge", "nonprofit"),
                                                               org("leaf1", "community"),
                                                               org("leaf2", "community")]
    records["organizations"] += extra
    records["ties"] += [tie(f"sb{i}", f"sb{j}") for i in range(4) for j in range(i + 1, 4)]
    records["ties"] += [tie("np", "bridge"), tie("bridge", "leaf1"), tie("leaf1", "leaf2")]
    found = findings(records)
    by_rule = {}
    for f in found:
        by_rule.setdefault(f.rule, []).append(f)
    assert [s["id"] for s in by_rule["isolates"][0].subjects] == ["alone"]
    assert by_rule["fragmented"][0].evidence["sizes"] == [11, 4]
    # Groups leave the one organization tied to no one out; components count it, as the
    # metrics do: two groups, three components, each named so (was: "2 separate groups"
    # beside metrics' "components 3", both under the name "components").
    assert {k: by_rule["fragmented"][0].evidence[k] for k in ("groups", "components",
                                                             "isolates")} == {
        "groups": 2, "components": 3, "isolates": 1}
    assert "2 separate groups of tied organizations (3 components with the 1 tied to no " \
           "one)" in by_rule["fragmented"][0].message
    silo = [f for f in by_rule["siloed-cluster"] if f.evidence["size"] == 4]
    assert silo and silo[0].evidence["ei_index"] == -1.0
    cut = {f.subjects[0]["id"]: f for f in by_rule["single-point-of-failure"]}
    assert set(cut) == {"np", "bridge"}  # leaf1 cuts off one organization only
    assert cut["np"].evidence["cut_off"] == ["bridge", "leaf1", "leaf2"]


def test_single_point_of_failure_is_critical_when_it_cuts_off_government():
    records = healthy()
    records["organizations"] += [org("hub", "nonprofit"), org("agency", "government"),
                                 org("agency2", "government")]
    records["ties"] += [tie("np", "hub"), tie("hub", "agency"), tie("agency", "agency2")]
    found = {f.subjects[0]["id"]: f for f in findings(records,
                                                       rules={"single-point-of-failure"})}
    assert set(found) == {"np", "hub"}
    assert found["hub"].severity == "critical"
    assert found["hub"].evidence["government_cut_off"] == ["agency", "agency2"]
    assert found["np"].evidence["cut_off"] == ["agency", "agency2", "hub"]


@pytest.mark.parametrize("agency", ["a-agency", "z-agency"])
def test_a_hub_of_lone_partners_cuts_off_every_one_whatever_their_ids(agency):
    """Without the hub no two of its partners stay tied: every one is cut off, the
    government among them (was: the lone partner first by id counted as the rest of the
    network, and the finding was critical or a warning by the agency's id)."""
    records = {"organizations": [org("hub", "nonprofit"), org(agency, "government"),
                                 org("m-bank", "business"), org("n-fund", "philanthropy")],
               "ties": [tie("hub", agency), tie("hub", "m-bank"), tie("hub", "n-fund")]}
    found = findings(records, rules={"single-point-of-failure"})
    assert [f.subjects[0]["id"] for f in found] == ["hub"]
    assert found[0].severity == "critical"
    assert found[0].evidence == {"cut_off": sorted([agency, "m-bank", "n-fund"]),
                                 "pieces": [1, 1, 1], "government_cut_off": [agency]}
    assert found[0].message == ("Hub alone links 3 organizations to the rest of the "
                                "network, 1 of them government.")


def test_the_middle_of_a_chain_of_three_cuts_off_both_ends():
    """Two lone ends: two cut off, as many as min_cut_off asks (was: one, below it)."""
    records = {"organizations": [org("a", "nonprofit"), org("b", "business"),
                                 org("c", "community")],
               "ties": [tie("a", "b"), tie("b", "c")]}
    found = findings(records, rules={"single-point-of-failure"})
    assert [(f.subjects[0]["id"], f.evidence["cut_off"]) for f in found] == [
        ("b", ["a", "c"])]
    assert findings(records, config={"single-point-of-failure": {"min_cut_off": 3}},
                    rules={"single-point-of-failure"}) == []


def test_centralized():
    orgs = [org("hub", "nonprofit")] + [org(f"o{i}", "business") for i in range(6)]
    records = {"organizations": orgs, "ties": [tie("hub", f"o{i}") for i in range(6)]}
    found = {f.rule: f for f in findings(records)}
    assert found["centralized"].evidence["degree_centralization"] == 1.0
    assert found["centralized"].subjects[0]["id"] == "hub"
    assert "centralized" not in rules_found(healthy())


def test_rules_can_be_switched_off_and_reseveritied():
    records = without(healthy(), "commitments", "c-block")
    config = {"member-not-aligned": {"severity": "critical"}, "government-role": {
        "enabled": False}}
    found = {f.rule: f for f in gaps(build_network(records), config, today=TODAY)}
    assert found["member-not-aligned"].severity == "critical"
    assert "government-role" not in found


@pytest.mark.parametrize("config,message", [
    ({"nope": {}}, "no rule 'nope'"),
    ({"isolates": {"treshold": 1}}, "rules.isolates.treshold is not a setting"),
    ({"funder-concentration": {"threshold": "high"}}, 'must be a number like 0.5; got "high"'),
    ({"isolates": {"severity": "fatal"}},
     'severity must be one of critical, warning, info; got "fatal"'),
    ({"sector-missing": {"required": "government"}},
     r'must be a list of names like \["government", "business", "philanthropy", '
     r'"nonprofit"\]; got "government"'),
    ({"isolates": {"enabled": "no"}}, 'enabled must be true or false; got "no"'),
    ({"isolates": {"enabled": {"a": 1}}}, r"must be true or false; got \{'a': 1\}"),
    ({"siloed-cluster": {"min_size": "5"}}, 'must be a whole number like 3; got "5"'),
    ({"funder-concentration": {"threshold": 2}}, "must be between 0 and 1; got 2$"),
    ({"funder-concentration": {"threshold": "a\nb"}}, r'got "a\\nb"'),
])
def test_bad_configuration_is_refused(config, message):
    with pytest.raises(InputInvalid, match=message):
        findings(healthy(), config=config)


def test_config_file(tmp_path):
    path = tmp_path / "lcii-graph.toml"
    path.write_text('[rules.funder-concentration]\nthreshold = 0.2\n')
    found = gaps(build_network(healthy()), path, today=TODAY, rules={"funder-concentration"})
    assert len(found) == 1
    path.write_text("[rules.funder-concentration\n")
    with pytest.raises(InputInvalid, match="not valid TOML"):
        gaps(build_network(healthy()), path, today=TODAY)


def test_every_rule_has_a_test_here():
    """Here, or for the stakeholder and trust lessons in test_stakeholders.py and
    test_survey.py (each at its boundary)."""
    from pathlib import Path

    source = open(__file__, encoding="utf-8").read()
    elsewhere = {lesson: (Path(__file__).parent / name).read_text(encoding="utf-8")
                 for lesson, name in (("stakeholders", "test_stakeholders.py"),
                                      ("trust", "test_survey.py"))}
    for rule_id, rule in RULES.items():
        where = elsewhere.get(rule.lesson, source)
        assert f'"{rule_id}"' in where, rule_id


def test_finding_dict_shape():
    (finding,) = findings(healthy())
    data = finding.to_dict()
    assert list(data)[:8] == ["rule", "lesson", "severity", "scope", "subjects", "message",
                              "evidence", "suggestion"]
    assert finding.suggestion.endswith("?")


def _table_stack(records) -> dict:
    """The capital stack of table ``t`` (every ``healthy()`` network's one table)."""
    from lcii_graph.analysis.funding import capital_stacks

    (stack,) = [s for s in capital_stacks(build_network(records)) if s["partnership"] == "t"]
    return stack


def test_capital_sums_several_commitments_per_funder():
    """A funder's amounts are added up (not the last one kept): 100 + 50 from fund, 100
    from each of the others, so fund holds 150 / 450 of the capital."""
    records = healthy()
    records["commitments"].append(commitment("c-more", "fund", "grant", 50.0))
    stack, before = _table_stack(records), _table_stack(healthy())
    assert stack["capital"] == before["capital"] + 50.0
    assert stack["by_type"]["grant"] == before["by_type"]["grant"] + 50.0
    assert stack["top_funder"] == "fund"
    assert stack["top_share"] == pytest.approx(150.0 / stack["capital"])


@pytest.mark.parametrize("threshold,fires", [(0.25, False), (0.2499, True)])
def test_funder_concentration_at_its_threshold(threshold, fires):
    """A top share equal to the threshold is not above it (four funders: 0.25 each)."""
    found = gaps(build_network(healthy()), {"funder-concentration": {"threshold": threshold}},
                 today=TODAY, rules={"funder-concentration"})
    assert bool(found) is fires


@pytest.mark.parametrize("sector", ["business", "community", "nonprofit", "philanthropy"])
def test_doers_only_is_checked_for_every_sector(sector):
    """Sectors sorting before and after "government" (the one the rule leaves to
    government-no-decision-maker): each flagged when only its staff is at the table."""
    records = healthy()
    in_sector = {o["id"] for o in records["organizations"] if o["sector"] == sector}
    records["people"] = [x for x in records["people"]
                         if not (x["organization"] in in_sector and x["decision_maker"])]
    found = gaps(build_network(records), today=TODAY, rules={"sector-doers-only"})
    assert {f.evidence["sector"] for f in found} == {sector}


@pytest.mark.parametrize("role,expected", [("convener", "leader"), ("backbone", "leader"),
                                           ("member", "full partner"),
                                           ("observer", "spectator")])
def test_government_role_by_membership_role(role, expected):
    records = healthy()
    government = {o["id"] for o in records["organizations"] if o["sector"] == "government"}
    for m in records["memberships"]:
        if m["organization"] in government:
            m["role"] = role
    (found,) = gaps(build_network(records), today=TODAY, rules={"government-role"})
    assert found.evidence["role"] == expected


@pytest.mark.parametrize("how", ["member", "maker", "recipient"])
def test_an_intermediary_counts_however_it_takes_part(how):
    """A CDFI at the table, lending, or receiving capital: any of them is an intermediary
    taking part (the three are joined, not intersected)."""
    records = healthy()
    records["memberships"] = [m for m in records["memberships"] if m["organization"] != "cdfi"]
    records["commitments"] = [c for c in records["commitments"] if c["maker"] != "cdfi"]
    assert gaps(build_network(records), today=TODAY, rules={"no-intermediary"})
    if how == "member":
        records["memberships"].append(member("t", "cdfi"))
    elif how == "maker":
        records["commitments"].append(commitment("c-loan", "cdfi", "loan", 100.0))
    else:
        records["commitments"].append(commitment("c-to", "fund", "pri", 100.0,
                                                  recipient="cdfi"))
    assert gaps(build_network(records), today=TODAY, rules={"no-intermediary"}) == []


def test_the_spectator_severity_follows_the_configuration(tmp_path):
    """Was: a spectator government was always a warning, whatever the configuration."""
    from lcii_graph import gaps, import_workbook

    from .conftest import write_sheets

    book = write_sheets(tmp_path / "book", {
        "organizations": [["id", "name", "sector"], ["g", "City", "government"],
                          ["b", "Bank", "business"]],
        "partnerships": [["id", "name"], ["t", "Table"]],
        "memberships": [["partnership", "organization", "role"], ["t", "g", "observer"],
                        ["t", "b", "member"]]})
    store = tmp_path / "s.db"
    import_workbook(book, str(store))

    def severity(config):
        (found,) = [f for f in gaps(str(store), config=config) if f.rule == "government-role"]
        assert found.evidence["role"] == "spectator"
        return found.severity

    assert severity(None) == "warning"
    assert severity({"government-role": {"spectator_severity": "critical"}}) == "critical"


def test_a_spectator_severity_outside_the_vocabulary_is_refused():
    from lcii_graph.analysis.config import settings_for
    from lcii_graph.analysis.rules import RULES
    from lcii_graph.errors import InputInvalid

    with pytest.raises(InputInvalid, match=r"rules.government-role.spectator_severity must be "
                                           r'one of critical, warning, info; got "loud"'):
        settings_for(RULES["government-role"],
                     {"government-role": {"spectator_severity": "loud"}})


def test_a_findings_dict_is_asdicts_and_its_own_copy(example_dir, tmp_path):
    """to_dict gives what dataclasses.asdict gives (partnership last), in the same key
    order, and changing it changes nothing in the finding."""
    from dataclasses import asdict

    from lcii_graph import gaps, import_workbook

    import_workbook(example_dir, str(tmp_path / "s.db"))
    findings = gaps(str(tmp_path / "s.db"))
    for f in findings:
        expected = asdict(f)
        expected["partnership"] = expected.pop("partnership")
        data = f.to_dict()
        assert list(data.items()) == list(expected.items())
        data["evidence"]["new"] = 1
        assert "new" not in f.evidence
        if data["subjects"]:  # a finding about the network as a whole names none
            data["subjects"][0]["id"] = "changed"
            assert f.subjects[0]["id"] != "changed"


@pytest.mark.parametrize("status, said", [("active", True), ("proposed", False)])
def test_no_private_capital_says_the_in_kind_business_gives(status, said):
    """Was: "None of the $150 comes from business" beside a business's in-kind pledge.
    Capital still counts money only; the in-kind (counted statuses only) is said."""
    records = healthy()
    records["commitments"] = [c for c in records["commitments"]
                              if c["type"] not in ("loan", "pri", "public_funds")]
    records["commitments"].append(commitment("c-fund2", "fund", "grant", 50.0))
    records["commitments"].append(commitment("c-bank", "bank", "in_kind", 40.0,
                                             status=status))
    records["memberships"] = [m for m in records["memberships"] if m["organization"] != "cdfi"]
    found = {f.rule: f for f in findings(records)}["no-private-capital"]
    assert found.evidence["business_in_kind"] == (40.0 if said else 0)
    assert found.message.endswith("; business gives $40 in kind, which capital does not "
                                  "count." if said else "intermediary.")


def test_rules_starting_second_processes_run_last_and_order_changes_nothing(
        example_dir, tmp_path, monkeypatch):
    """fragile-broker (its betweenness may start a second process) is checked after every
    other rule; the findings, and their order, are the same whatever order the rules run
    in."""
    import dataclasses

    from lcii_graph import import_workbook
    from lcii_graph.analysis import rules as rules_module
    from lcii_graph.network.model import network_of

    store = tmp_path / "s.db"
    import_workbook(example_dir, str(store))
    network = network_of(store, today=TODAY)
    called = []

    def recording(r):
        def function(ctx, settings):
            called.append(r.id)
            return r.function(ctx, settings)
        return dataclasses.replace(r, function=function)

    catalogued = dict(RULES)
    with monkeypatch.context() as m:
        m.setattr(rules_module, "RULES", {k: recording(r) for k, r in catalogued.items()})
        as_catalogued = rules_module.run_rules(rules_module.Context(network))
    assert called[-1] == "fragile-broker" and sorted(called) == sorted(catalogued)
    assert called[:-1] == [k for k in catalogued if k != "fragile-broker"]
    assert len({f.rule for f in as_catalogued}) >= 10
    with monkeypatch.context() as m:
        m.setattr(rules_module, "RULES", dict(reversed(catalogued.items())))
        reversed_order = rules_module.run_rules(rules_module.Context(network))
    assert [f.to_dict() for f in reversed_order] == [f.to_dict() for f in as_catalogued]


def test_a_findings_evidence_is_copied_whole_and_apart():
    """to_dict copies the evidence as copy.deepcopy does (what it did before): equal, of
    the same types (tuples and sets stay so), and sharing no container with it."""
    import copy

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from lcii_graph.analysis.findings import Finding

    atoms = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
    values = st.recursive(atoms, lambda inner: st.lists(inner, max_size=3)
                          | st.tuples(inner, inner) | st.frozensets(atoms, max_size=3)
                          | st.dictionaries(st.text(max_size=3), inner, max_size=3),
                          max_leaves=12)

    def containers(value, found):
        if isinstance(value, (dict, list, tuple, set)):
            found.append(value)
            for item in (value.values() if isinstance(value, dict) else value):
                containers(item, found)
        return found

    @settings(max_examples=300, deadline=None)
    @given(st.dictionaries(st.text(max_size=4), values, max_size=4))
    def check(evidence):
        finding = Finding(rule="r", lesson="data", severity="info", scope="network",
                          subjects=[{"id": "a", "name": None}], message="m",
                          evidence=evidence)
        copied = finding.to_dict()["evidence"]
        expected = copy.deepcopy(evidence)
        assert copied == expected and repr(copied) == repr(expected)
        shared = {id(c) for c in containers(evidence, []) if isinstance(c, (dict, list))}
        assert not shared & {id(c) for c in containers(copied, [])}

    check()


@pytest.mark.parametrize("status, counted", [
    ("proposed", False), ("pledged", True), ("active", True), ("fulfilled", True),
    ("lapsed", False)])
def test_the_capital_stack_counts_pledged_active_and_fulfilled_money(status, counted):
    records = healthy()
    records["commitments"].append(commitment("c-more", "fund", "grant", 50.0, status=status))
    stack, before = _table_stack(records), _table_stack(healthy())
    assert stack["capital"] == before["capital"] + (50.0 if counted else 0)


def test_a_commitment_naming_a_goal_alone_counts_at_the_goal_s_table():
    records = healthy()
    records["commitments"].append(commitment("c-goal", "fund", "grant", 50.0, table=None,
                                             goal="g"))
    records["commitments"].append(commitment("c-none", "fund", "grant", 7.0, table=None,
                                             goal="no-such-goal"))
    stack, before = _table_stack(records), _table_stack(healthy())
    assert stack["capital"] == before["capital"] + 50.0


def test_a_person_seated_speaks_for_their_organization():
    """Government at the table only through a person's seat: its organization holds the
    person's role there, and that person (not all its staff) represents it."""
    from lcii_graph.analysis.context import Context

    records = healthy()
    records["memberships"] = [m for m in records["memberships"] if m["organization"] != "mayor"]
    records["memberships"].append(member("t", person="mayor-staff", role="convener"))
    ctx = Context(build_network(records), today=TODAY)
    assert ctx.roles["t"]["mayor"] == {"convener"}
    assert ctx.representatives("t", "mayor") == ["mayor-staff"]
    assert ctx.representatives("t", "bank") == ["bank-lead", "bank-staff"]  # not seated
    assert ctx.seated_people["t"] == {"mayor-staff"}
    # A seat naming no known person seats no one.
    records["memberships"].append(member("t", person="nobody"))
    assert Context(build_network(records), today=TODAY).seated_people["t"] == {"mayor-staff"}


def test_a_context_about_one_table_holds_that_table_alone():
    from lcii_graph.analysis.context import Context

    records = healthy()
    records["partnerships"].append(row("partnerships", id="u", name="Other", serves="city"))
    records["memberships"].append(member("u", "bank"))
    network = build_network(records)
    assert sorted(Context(network, partnership="u").partnerships) == ["u"]
    assert sorted(Context(network).partnerships) == ["t", "u"]
    assert {f.partnership for f in gaps(network, partnership="u", today=TODAY)} <= {"u", None}


def test_the_rules_communities_are_seeded_with_0_by_default():
    import networkx as nx

    from lcii_graph.analysis.communities import louvain
    from lcii_graph.analysis.context import Context

    caves = nx.relaxed_caveman_graph(8, 6, 0.3, seed=8)  # Louvain's answer follows its seed
    network = build_network({
        "organizations": [org(f"o{n}", "nonprofit") for n in caves],
        "ties": [tie(f"o{a}", f"o{b}") for a, b in caves.edges()]})
    graph = Context(network).org_graph
    assert louvain(graph, seed=0) != louvain(graph, seed=1)  # the seed tells
    assert Context(network).communities == louvain(graph, seed=0)
    assert Context.of(network).communities == louvain(graph, seed=0)


def test_the_communities_are_started_ahead_apart_only_for_the_siloed_cluster_rule(
        monkeypatch):
    from lcii_graph.analysis import gaps as gaps_module

    started = []
    monkeypatch.setattr(gaps_module, "louvain_ahead",
                        lambda graph, **kw: started.append(kw))
    ahead = [{"seed": 3, "apart": True}]
    for rules, expected in (({"isolates"}, []), ({"siloed-cluster"}, ahead), (None, ahead)):
        started.clear()
        findings(healthy(), rules=rules, seed=3)
        assert started == expected, rules


def _numeric_settings():
    """``(rule, key, default)`` for every number a rule takes."""
    return [(r, key, value) for r in RULES.values() for key, value in r.defaults.items()
            if isinstance(value, (int, float)) and not isinstance(value, bool)]


def test_every_range_and_scale_is_checked_at_both_ends():
    """A share, an index or a score at each end of its range is taken; a step beyond
    either end is refused, naming the range. Counts and days: zero or more, whole."""
    from lcii_graph.analysis.config import RANGES, SCALES, settings_for

    # The ranges themselves, written out: shares 0-1, the E-I index -1..1, PARTNER's trust
    # scores 1-4 (a difference of them 0-3), a stance -2..+2, Mendelow's scores of 4, and
    # gaps of the IAP2 spectrum's five levels.
    assert RANGES == {"threshold": (0, 1), "dominant_share": (0, 1), "max_share": (0, 1),
                      "ei_threshold": (-1, 1), "top_share": (0, 1), "max_trust": (1, 4),
                      "min_difference": (0, 3)}
    assert SCALES == {"max_stance": (-2, 2), "high": (1, 4), "min_gap": (1, 4)}
    checked = set()
    for rule, key, default in _numeric_settings():
        def taken(value, rule=rule, key=key):
            return settings_for(rule, {rule.id: {key: value}})[key] == value

        if key in SCALES:
            low, high = SCALES[key]
            assert taken(low) and taken(high)
            for beyond in (low - 1, high + 1, low + 0.5):
                with pytest.raises(InputInvalid, match=f"from {low} to {high}"):
                    taken(beyond)
        elif key in RANGES:
            low, high = RANGES[key]
            assert taken(low) and taken(high)
            for beyond in (low - 0.001, high + 0.001):
                with pytest.raises(InputInvalid, match=f"between {low:g} and {high:g}"):
                    taken(beyond)
        elif isinstance(default, int):
            assert taken(0) and taken(10 ** 6)
            for beyond in (-1, 1.5):
                with pytest.raises(InputInvalid, match="whole number, zero or more"):
                    taken(beyond)
        else:
            assert taken(0.0)
            with pytest.raises(InputInvalid, match="must be 0 or more"):
                taken(-0.001)
        checked.add(key)
    assert set(RANGES) | set(SCALES) <= checked  # every range is some rule's


def test_the_formula_characters_are_each_made_inert():
    from lcii_graph.export.tables import formula_safe

    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert formula_safe(f"{start}SUM(A1)") == f"'{start}SUM(A1)"
        assert formula_safe(f"''{start}x") == f"'''{start}x"  # import takes one off
    for inert in ("plain", "a=b", " =1", "'quoted", ""):
        assert formula_safe(inert) == inert
    assert formula_safe(-5) == -5 and formula_safe(1.5) == 1.5 and formula_safe(None) is None
