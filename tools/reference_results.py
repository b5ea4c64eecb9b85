"""Write docs/reference-results.md: lcii-graph's numbers on the real reference networks.

Run: .venv/bin/python tools/reference_results.py   (--stdout to print instead)
Reads ../shared/data/reference/ (beside the project); tests check the file is current.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import networkx as nx

from lcii_graph.analysis import centrality, cohesion, directed, homophily
from lcii_graph.analysis.brokerage import brokerage

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "data" / "reference"
OUT = ROOT / "docs" / "reference-results.md"


def rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def knoke(kind):
    G = nx.DiGraph()
    G.add_nodes_from(r["label"] for r in rows(REFERENCE / "knoke_bureaucracies" /
                                             "knoke_nodes.csv"))
    G.add_edges_from((r["source"], r["target"]) for r in rows(
        REFERENCE / "knoke_bureaucracies" / f"knoke_{kind}_edges.csv"))
    return G


def f(x):
    return "n/a" if x is None else f"{x:.4f}"


def main() -> str:
    out = ["# Reference results", "",
           "lcii-graph's numbers on the real networks in `../shared/data/reference/`, written by",
           "`tools/reference_results.py` (a test checks this file is current). Definitions:",
           "", "* density: arcs / n(n-1);",
           "* reciprocity (dyad): mutual dyads / connected dyads; (arc): reciprocated arcs / arcs;",
           "* degree centralization: Freeman, on the undirected graph, raw degrees over "
           "(n-1)(n-2);",
           "* betweenness: directed shortest paths, normalized by (n-1)(n-2); closeness: "
           "incoming distances, Wasserman-Faust for unreachable nodes (networkx's definitions);",
           "* brokerage: Gould-Fernandez raw counts of open two-paths a -> b -> c (no arc a -> c);",
           "  with every organization in a group of its own only liaison roles are possible, so "
           "the table gives each broker's total;",
           "* Krackhardt's connectedness, hierarchy, efficiency and least upper boundedness, "
           "mean path length",
           "  and diameter over reachable pairs, total-degree centralization: "
           "`lcii_graph.analysis.directed`",
           "  (definitions in its docstring and the README's \"Directed networks\").", ""]
    for kind in ("information", "money"):
        G = knoke(kind)
        r = cohesion.reciprocity(G)
        out += [f"## Knoke bureaucracies: {kind} exchange", "",
                "| measure | value |", "|---|---|",
                f"| organizations | {G.number_of_nodes()} |", f"| arcs | {G.number_of_edges()} |",
                f"| density | {f(cohesion.density(G))} |",
                f"| components (weak) | {len(cohesion.components(G))} |",
                f"| isolates | {', '.join(cohesion.isolates(G)) or 'none'} |",
                f"| reciprocity (dyad) | {f(r['dyad'])} |",
                f"| reciprocity (arc) | {f(r['arc'])} |",
                f"| degree centralization | {f(centrality.degree_centralization(G))} |"]
        measures = directed.network_measures(G)
        out += [f"| {label} | {measures[key] if key == 'directed_diameter' else f(measures[key])} |"
                for label, key in (
            ("connectedness (Krackhardt)", "connectedness"),
            ("hierarchy (Krackhardt)", "hierarchy"),
            ("efficiency (Krackhardt)", "efficiency"),
            ("least upper boundedness (Krackhardt)", "least_upper_boundedness"),
            ("mean path length (reachable pairs)", "directed_mean_path_length"),
            ("diameter (reachable pairs)", "directed_diameter"),
            ("total-degree centralization (in + out)", "degree_centralization_ora"))]
        out.append("")
        between = centrality.betweenness(G)
        close = centrality.closeness(G)
        nx.set_node_attributes(G, {n: n for n in G}, "self")
        roles = brokerage(G, "self")
        out += ["| organization | out-degree | in-degree | betweenness | closeness | "
                "brokerage (open two-paths) |", "|---|---|---|---|---|---|"]
        for node in G:
            out.append(f"| {node} | {G.out_degree(node)} | {G.in_degree(node)} | "
                       f"{f(between[node])} | {f(close[node])} | "
                       f"{sum(roles[node].values())} |")
        out.append("")
    G = knoke("information")
    out += ["## Knoke: E-I index of government and non-government organizations", "",
            "COUN, EDUC, MAYR and WELF taken as government (county, education, mayor, welfare "
            "agencies), the others not:", ""]
    government = {"COUN", "EDUC", "MAYR", "WELF"}
    nx.set_node_attributes(G, {n: n in government for n in G}, "government")
    out += [f"* information exchange: E-I {f(homophily.ei_index(G, 'government'))}, "
            f"assortativity {f(homophily.assortativity(G, 'government'))}", ""]
    return "\n".join(out)


if __name__ == "__main__":
    text = main()
    if "--stdout" in sys.argv:
        sys.stdout.write(text)
    else:
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT}")
