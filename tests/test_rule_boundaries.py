"""Each rule at its threshold and on either side of it, every role and sector path, and
the evidence each reports, pinned (each test here killed a surviving mutant: see
``tools/mutate.py`` and ``make mutate``)."""

from __future__ import annotations

import dataclasses

import networkx as nx
import pytest

from lcii_graph import build_network, capital_stacks, gaps
from lcii_graph.analysis import cohesion, homophily
from lcii_graph.analysis.funding import money
from lcii_graph.analysis.rules import RULES, run_rules, severity_at_least
from lcii_graph.analysis.rules.data import off_track

from .conftest import row
from .test_rules import TODAY, commitment, healthy, member, org, person, tie


def found(records, rule, config=None, today=TODAY):
    return [f for f in gaps(build_network(records), config, today=today, rules={rule})]


# -- the rule machinery ----------------------------------------------------------------------
def test_a_rule_is_described_by_the_first_line_of_its_docstring_and_cannot_change():
    assert RULES["grants-only"].doc == "A table whose capital is grants alone."
    assert RULES["siloed-cluster"].doc == \
        "A community dominated by one sector, or with almost no ties outside itself."
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULES["grants-only"].severity = "critical"


def test_progress_counts_one_step_per_rule_and_severity_at_least_includes_its_own():
    from contextlib import contextmanager

    from lcii_graph.analysis.context import Context

    steps = []

    @contextmanager
    def progress(label, total):
        steps.append(total)
        yield steps.append

    records = healthy()
    records["memberships"] = [m for m in records["memberships"] if m["organization"] != "bank"]
    results = run_rules(Context(build_network(records), today=TODAY), progress=progress)
    assert steps[0] == len(RULES) and steps[1:] == [1] * len(RULES)
    warning = [f for f in results if f.severity == "warning"]
    at_least = severity_at_least(results, "warning")
    assert warning and all(f in at_least for f in warning)
    assert all(f.severity != "info" for f in at_least) and len(at_least) < len(results)


# -- money and capital -----------------------------------------------------------------------
@pytest.mark.parametrize("amount, shown", [(1_000_000, "$1.0M"), (999_999, "$1,000k"),
                                           (1000, "$1k"), (999, "$999")])
def test_short_money_at_its_boundaries(amount, shown):
    assert money(amount, "USD", short=True) == shown


def test_amounts_in_another_currency_are_summed_beside_the_stack():
    extra = [commitment(f"c-eur-{i}", "fund", "grant", 30.0) for i in range(2)]
    for c in extra:
        c["currency"] = "EUR"
    records = healthy()
    records["commitments"] += extra
    (stack,) = capital_stacks(build_network(records))
    assert stack["other_currencies"] == {"EUR": 60.0}


# -- whole-network measures at their smallest ------------------------------------------------
def _orgs(*ids, ties=()):
    return build_network({"organizations": [org(i, "nonprofit") for i in ids],
                          "ties": [tie(a, b) for a, b in ties]})


def test_density_of_one_and_of_two_organizations():
    from lcii_graph.network.views import organization_graph

    assert cohesion.density(organization_graph(_orgs("a"))) == 0.0
    assert cohesion.density(organization_graph(_orgs("a", "b", ties=[("a", "b")]))) == 1.0
    assert cohesion.density(organization_graph(_orgs("a", "b"))) == 0.0


def test_homophily_without_ties_and_within_one_group():
    G = nx.Graph()
    G.add_nodes_from([(1, {"sector": "a"}), (2, {"sector": "b"})])
    assert homophily.assortativity(G, "sector") is None
    assert homophily.ei_index(G, "sector") is None
    assert homophily.mixing_matrix(G, "sector") == {"a": {"a": 0, "b": 0},
                                                    "b": {"a": 0, "b": 0}}
    G.add_edge(1, 3)
    G.nodes[3]["sector"] = "a"
    assert homophily.assortativity(G, "sector") is None  # one group: nothing to compare
    assert homophily.ei_index(G, "sector") == -1.0
    H = nx.Graph()
    H.add_nodes_from([1, 2])  # no group at all
    H.add_edge(1, 2)
    assert homophily.mixing_matrix(H, "sector") == {}


# -- data rules --------------------------------------------------------------------------------
def test_metric_stale_at_its_threshold():
    # healthy() last measures its metric on 2024-06-30; 730 days later is 2026-06-30.
    assert found(healthy(), "metric-stale", today="2026-06-30") == []
    (late,) = found(healthy(), "metric-stale", today="2026-07-01")
    assert late.evidence["age_days"] == 731 and late.evidence["max_age_days"] == 730


def test_goal_without_metric_and_measurement_thin_evidence():
    records = healthy()
    records["metrics"] = []
    records["measurements"] = []
    (goal,) = found(records, "goal-without-metric")
    assert goal.evidence == {"metrics": 0}
    records = healthy()
    records["measurements"] = [m for m in records["measurements"] if m["reported_by"] == "np"]
    (thin,) = found(records, "measurement-thin")
    assert thin.evidence == {"reporters": 1}


METRIC = {"baseline": 0.0, "baseline_date": "2020-01-01", "target": 2827.0,
          "target_date": "2027-09-28", "direction": "up"}  # 1,000 days after 2025-01-01


def point(value, when="2025-01-01"):  # 1,827 days after the baseline
    return [{"value": value, "date": when}]


def test_off_track_exactly_on_pace_is_on_track():
    assert off_track(METRIC, point(1827.0)) is None  # one a day: 2,827 on the target date
    reason, evidence = off_track({**METRIC, "target": 2827.5}, point(1827.0))
    assert reason.startswith("at its current pace it reaches 2,827 by 2027-09-28")
    assert evidence["projected"] == 2827.0


def test_off_track_at_the_baseline_has_not_moved_away():
    reason, _ = off_track(METRIC, point(0.0))
    assert reason.startswith("at its current pace")  # not "moved away"
    assert off_track(METRIC, point(-1.0))[0] == "it has moved away from its baseline"


def test_off_track_going_down():
    down = {"baseline": 10.0, "baseline_date": "2020-01-01", "target": 5.0,
            "target_date": "2030-01-01", "direction": "down"}
    assert off_track(down, point(12.0))[0] == "it has moved away from its baseline"
    reason, evidence = off_track(down, point(8.0))
    assert evidence["projected"] == round(8 - 2 * 1826 / 1827, 4)
    assert "short of the target of 5" in reason
    assert off_track({**down, "target": 7.0}, point(8.0)) is None


def test_off_track_measured_on_the_baseline_or_target_date_projects_nothing():
    assert off_track(METRIC, point(5.0, "2020-01-01")) is None
    assert off_track(METRIC, point(5.0, "2027-09-28")) is None


def test_member_not_aligned_share():
    records = healthy()
    records["commitments"] = [c for c in records["commitments"]
                              if c["maker"] not in ("np", "block")]
    (idle,) = found(records, "member-not-aligned")
    assert idle.evidence == {"members": 8, "without_commitment": 2, "share": 0.25}
    records["memberships"] = [m for m in records["memberships"] if m["organization"] != "block"]
    (idle,) = found(records, "member-not-aligned")
    assert idle.evidence["share"] == 0.1429  # 1 of 7


# -- one-table rules ---------------------------------------------------------------------------
def test_government_without_a_decision_maker_evidence():
    records = healthy()
    for p in records["people"]:
        if p["organization"] in ("mayor", "county-gov", "state-gov"):
            p["decision_maker"] = False
    (staff,) = found(records, "government-no-decision-maker")
    assert staff.evidence == {"government_members": 3, "government_people": 6,
                              "decision_makers": 0}


@pytest.mark.parametrize("gone, missing", [(["fund"], ["philanthropy"]),
                                           (["np", "cdfi"], ["nonprofit"]),
                                           (["bank"], ["business"])])
def test_each_required_sector(gone, missing):
    records = healthy()
    records["memberships"] = [m for m in records["memberships"]
                              if m["organization"] not in gone]
    (f,) = [f for f in found(records, "sector-missing") if f.evidence["kind"] == "required"]
    assert f.evidence["missing"] == missing


def test_a_table_without_members_does_not_stop_the_others_being_checked():
    records = healthy()
    records["partnerships"] = records["partnerships"] + [row("partnerships", id="a-empty",
                                                             name="Empty")]
    records["memberships"] = [m for m in records["memberships"] if m["organization"] != "bank"]
    assert [f.partnership for f in found(records, "sector-missing")] == ["t"]
    records["memberships"] = [m for m in records["memberships"]
                              if m["organization"] not in ("mayor", "county-gov", "state-gov")]
    records["memberships"] += [member("a-empty", "mayor")]
    assert {f.partnership for f in found(records, "government-role")} == {"a-empty"}


def test_government_is_left_to_its_own_rule_for_staff_but_not_for_deciders():
    records = healthy()
    for p in records["people"]:
        if p["organization"] in ("mayor", "county-gov", "state-gov"):
            p["decision_maker"] = False
    assert [f.evidence["sector"] for f in found(records, "sector-doers-only")] == []
    records = healthy()
    for p in records["people"]:
        if p["organization"] in ("mayor", "county-gov", "state-gov"):
            p["decision_maker"] = True
    assert [f.evidence["sector"] for f in found(records, "sector-deciders-only")] == [
        "government"]


@pytest.mark.parametrize("gone, level", [("mayor", "city"), ("state-gov", "state"),
                                         ("county-gov", "county")])
def test_each_jurisdiction_level(gone, level):
    records = healthy()
    records["memberships"] = [m for m in records["memberships"] if m["organization"] != gone]
    (f,) = found(records, "jurisdiction-level-missing")
    assert f.evidence["level"] == level


def test_a_government_member_without_a_level_is_said_to_be_unknown():
    records = healthy()
    records["organizations"].append(org("agency", "government", None))
    records["memberships"] = [m for m in records["memberships"] if m["organization"] != "mayor"]
    records["memberships"].append(member("t", "agency"))
    records["people"].append(person("agency-lead", "agency", True))
    (f,) = found(records, "jurisdiction-level-missing")
    assert f.evidence["government_levels_present"] == ["county", "state", "unknown"]


# -- structure rules ---------------------------------------------------------------------------
def _clusters():
    """Three five-member cliques in a chain: one 80% business, two mixed."""
    def clique(ids):
        return [tie(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]

    a = [org(f"a{i}", "business") for i in range(4)] + [org("a4", "nonprofit")]
    b = [org("b0", "government"), org("b1", "government"), org("b2", "nonprofit"),
         org("b3", "nonprofit"), org("b4", "philanthropy")]
    c = [org("c0", "community"), org("c1", "community"), org("c2", "business"),
         org("c3", "nonprofit"), org("c4", "philanthropy")]
    ties = [*clique([o["id"] for o in a]), *clique([o["id"] for o in b]),
            *clique([o["id"] for o in c]), tie("a0", "b0"), tie("b1", "c0")]
    return {"organizations": a + b + c, "ties": ties}


def test_siloed_cluster_at_each_threshold():
    (f,) = found(_clusters(), "siloed-cluster")
    assert f.evidence == {"size": 5, "dominant_sector": "business", "dominant_share": 0.8,
                          "internal_ties": 10, "external_ties": 1, "ei_index": -0.8182,
                          "sectors": {"business": 4, "nonprofit": 1}}
    assert f.message == "A cluster works mostly with itself: 80% of its 5 organizations " \
                        "are business."
    assert {s["id"] for s in f.subjects} == {"a0", "a1", "a2", "a3", "a4"}

    def flagged(**settings):
        return len(found(_clusters(), "siloed-cluster", {"siloed-cluster": settings}))

    assert flagged(dominant_share=0.81) == 0
    # Inward at the limit: the business clique and the last one, each with one tie out.
    assert flagged(dominant_share=0.81, ei_threshold=-9 / 11) == 2
    assert flagged(dominant_share=0.81, ei_threshold=-0.82) == 0
    assert flagged(min_size=5) == 1 and flagged(min_size=6) == 0
    assert flagged(max_share=1 / 3) == 1 and flagged(max_share=0.33) == 0


def test_fragmented_counts_groups_apart_from_isolates():
    network = _orgs("a", "b", "c", "d", "e", ties=[("a", "b"), ("c", "d")])
    (f,) = gaps(network, today=TODAY, rules={"fragmented"})
    assert f.evidence == {"groups": 2, "components": 3, "isolates": 1, "sizes": [2, 2]}
    assert gaps(_orgs("a", "b", "e", ties=[("a", "b")]), today=TODAY,
                rules={"fragmented"}) == []


def test_centralized_at_its_threshold():
    star = _orgs("hub", *[f"o{i}" for i in range(4)],
                 ties=[("hub", f"o{i}") for i in range(4)])  # centralization 1.0
    assert gaps(star, {"centralized": {"threshold": 1.0}}, today=TODAY,
                rules={"centralized"}) == []
    (f,) = gaps(star, {"centralized": {"threshold": 0.99}}, today=TODAY,
                rules={"centralized"})
    assert f.evidence == {"degree_centralization": 1.0, "hub": "hub", "hub_degree": 4,
                          "organizations": 5}
    bent = _orgs("hub", "o0", "o1", "o2", "o3",
                 ties=[("hub", "o0"), ("hub", "o1"), ("hub", "o2"), ("o2", "o3")])
    (f,) = gaps(bent, {"centralized": {"threshold": 0.1}}, today=TODAY,
                rules={"centralized"})
    assert f.evidence["degree_centralization"] == round(7 / 12, 4)


def test_capital_by_sector_and_concentration_with_two_commitments_from_one_funder():
    records = healthy()
    records["commitments"].append(commitment("c-fund-2", "fund", "grant", 50.0))
    (stack,) = capital_stacks(build_network(records))
    assert stack["by_sector"] == {"business": 100.0, "government": 100.0,
                                  "nonprofit": 100.0, "philanthropy": 150.0}
    (f,) = found(records, "funder-concentration", {"funder-concentration": {"threshold": 0.3}})
    assert f.evidence == {"top_funder": "fund", "top_share": 0.3333, "hhi": 0.2593,
                          "funders": 4, "capital": 450.0, "threshold": 0.3}


def test_programs_only_and_metric_missing_a_date_evidence():
    records = healthy()
    for c in records["commitments"]:
        c["change"] = None if c["change"] == "systems" else c["change"]
    (f,) = found(records, "programs-only")
    assert f.evidence["systems_changes"] == 0 and f.evidence["commitments"] == 8
    records = healthy()
    records["metrics"][0].update(baseline_date=None, target_date=None)
    assert len(found(records, "metric-without-baseline")) == 1  # a value without its date
    assert len(found(records, "metric-without-target")) == 1
    records = healthy()
    records["metrics"][0].update(baseline=None, target=None)
    assert len(found(records, "metric-without-baseline")) == 1  # a date without its value
    assert len(found(records, "metric-without-target")) == 1


def test_government_role_is_read_at_every_table_after_one_without_government():
    records = healthy()
    records["partnerships"] = records["partnerships"] + [row("partnerships", id="a-nogov",
                                                             name="No government")]
    records["memberships"] += [member("a-nogov", "bank")]
    assert [f.partnership for f in found(records, "government-role")] == ["t"]


def _cliques(*groups):
    """Cliques of organizations (id, sector), each tied to the next by one tie."""
    orgs, ties = [], []
    for group in groups:
        orgs += [org(i, sector) for i, sector in group]
        ids = [i for i, _ in group]
        ties += [tie(a, b) for k, a in enumerate(ids) for b in ids[k + 1:]]
    ties += [tie(groups[k][0][0], groups[k + 1][-1][0]) for k in range(len(groups) - 1)]
    return {"organizations": orgs, "ties": ties}


MIXED = ["government", "business", "philanthropy", "nonprofit", "community", "nonprofit",
         "business"]


def test_siloed_cluster_defaults_flag_an_inward_clique_and_a_three_member_one():
    # Two mixed seven-member cliques and one between: the ends have 21 ties inside and 1
    # out (E-I -0.909, at most the default -0.9); the middle one 2 out (-0.826).
    records = _cliques(*[[(f"{x}{k}", s) for k, s in enumerate(MIXED)] for x in "abc"])
    flagged = found(records, "siloed-cluster")
    assert sorted(f.subjects[0]["id"][0] for f in flagged) == ["a", "c"]
    assert all(f.evidence["ei_index"] == round(-20 / 22, 4) for f in flagged)
    small = _cliques([(f"s{k}", "business") for k in range(3)],
                     *[[(f"{x}{k}", s) for k, s in enumerate(MIXED)] for x in "bc"])
    (f,) = [f for f in found(small, "siloed-cluster") if f.evidence["size"] == 3]
    assert f.evidence["dominant_share"] == 1.0


def test_siloed_cluster_looks_past_a_community_too_large_to_count():
    big = [(f"m{k}", s) for k, s in enumerate(MIXED + MIXED[:2])]  # nine: over half of 13
    records = _cliques(big, [(f"s{k}", "business") for k in range(4)])
    (f,) = found(records, "siloed-cluster")
    assert f.evidence["size"] == 4 and f.evidence["dominant_share"] == 1.0
    six = _cliques(big, [(f"s{k}", "business") for k in range(6)] + [("s6", "nonprofit")])
    (f,) = found(six, "siloed-cluster")
    assert f.evidence["dominant_share"] == round(6 / 7, 4)


def test_fragmented_names_the_groups_cut_off_from_the_largest():
    network = _orgs("a", "b", "c", "d", "e", "f", ties=[("a", "b"), ("b", "c"), ("d", "e")])
    (f,) = gaps(network, today=TODAY, rules={"fragmented"})
    assert sorted(s["id"] for s in f.subjects) == ["d", "e"]


def test_fragmented_with_groups_of_equal_size_names_every_group():
    # One larger by one: the smaller is cut off from it.
    network = _orgs("a", "b", "c", "d", "e", ties=[("a", "b"), ("b", "c"), ("d", "e")])
    (f,) = gaps(network, today=TODAY, rules={"fragmented"})
    assert sorted(s["id"] for s in f.subjects) == ["d", "e"]
    assert f.message.endswith("2 organizations are cut off from the largest.")
    # Equal: neither is the main group, whichever ids they have (was: the group with
    # the first id was "the largest", the other "cut off").
    for ties in ([("a", "b"), ("d", "e")], [("d", "e"), ("a", "b")]):
        (f,) = gaps(_orgs("a", "b", "d", "e", "z", ties=ties), today=TODAY,
                    rules={"fragmented"})
        assert sorted(s["id"] for s in f.subjects) == ["a", "b", "d", "e"]
        assert f.message == (
            "The network falls into 2 separate groups of tied organizations (3 components "
            "with the 1 tied to no one); the 2 largest are of equal size (2 organizations "
            "each), so none is the main one: all 4 organizations are named.")
    # Two equal largest and a smaller one: all three groups are named.
    network = _orgs("a", "b", "c", "d", "e", "f", "g", "h",
                    ties=[("a", "b"), ("b", "c"), ("d", "e"), ("e", "f"), ("g", "h")])
    (f,) = gaps(network, today=TODAY, rules={"fragmented"})
    assert len(f.subjects) == 8 and f.evidence["sizes"] == [3, 3, 2]
    assert "the 2 largest are of equal size (3 organizations each)" in f.message
