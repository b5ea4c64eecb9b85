"""GraphML and GEXF for Gephi, written as a stream from the graph's arrays.

The organization network as analysed: each node with its attributes (name,
sector, level, type, jurisdiction, anchor, intermediary), its measures
(degree, betweenness, eigenvector, community) and, in the internal profile, its
custom fields (``custom: NAME`` where the name is taken), each edge with its
weight and the count of each ingredient (ties, tables, people, commitments, survey).

networkx builds the whole XML tree in memory, after two copies of the graph:
on 100,000 organizations and 1.8 million edges that took 148 s and 8.8 GB to
write 440 MB. Here the file is written a block of lines at a time, straight
from :class:`~lcii_graph.network.views.OrgGraph`, and checked against each
format's own schema in the tests (GraphML 1.0 [1]_, GEXF 1.2 [2]_).

Each file names lcii-graph (the GEXF creator, GraphML's ``generator`` graph
attribute at the end of the file), which is how a later export knows it may
replace it (:mod:`lcii_graph.outputs`).

References
----------
.. [1] Brandes, U., Eiglsperger, M., Lerner, J. & Pich, C. (2013). Graph markup
   language (GraphML). In *Handbook of Graph Drawing and Visualization*, 517–541.
.. [2] GEXF Working Group (2009). *GEXF 1.2draft Primer*. gexf.net.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import numpy as np

from .. import __version__
from ..model.schema import CUSTOM_PREFIX, custom_fields, custom_header, custom_names
from ..network.model import Network
from ..network.views import NODE_ATTRIBUTES, OrgGraph
from .tables import NOT_XML_CHARACTERS, xml_safe

#: Lines written at a time.
BLOCK = 20_000


@dataclass
class GephiTable:
    """The analysed organization graph as columns: ``nodes[name][i]`` is node ``i``'s
    attribute (``None``: absent), ``edges[name][k]`` edge ``k``'s."""

    graph: OrgGraph
    nodes: dict[str, list]
    edges: dict[str, np.ndarray]

    def node_types(self) -> dict[str, str]:
        """Each node attribute's XML type, from the values it holds (attributes with no
        value anywhere are left out)."""
        out = {}
        for name, values in self.nodes.items():
            seen = {type(v) for v in values if v is not None}
            if not seen:
                continue
            if seen == {bool}:
                out[name] = "boolean"
            elif seen <= {int}:
                out[name] = "long"
            elif seen <= {int, float}:
                out[name] = "double"
            else:
                out[name] = "string"
        return out

    def edge_types(self) -> dict[str, str]:
        """Every edge attribute is a float array (:func:`gephi_table`): doubles, without
        walking 1.8 million values of each to find it (the writers format them all as
        doubles)."""
        return dict.fromkeys(self.edges, "double")


#: Node attributes the files hold besides :data:`NODE_ATTRIBUTES`: a custom field of one
#: of these names is written ``custom: NAME``, as it is where it clashes with a column.
MEASURES = ("label", "degree", "betweenness", "eigenvector", "community")


def custom_attribute(name: str) -> str:
    """The node attribute custom field ``name`` is written under."""
    taken = name in NODE_ATTRIBUTES or name in MEASURES
    return CUSTOM_PREFIX + name if taken else custom_header("organizations", name)


def gephi_table(network: Network, *, seed: int | None = 0,
                custom: bool = False) -> GephiTable:
    """The organization network with its measures (see the module docstring); with
    ``custom``, each organization's custom fields too (an attribute each, text; the
    internal profile: nobody can tell which of them hold a judgement)."""
    from ..analysis import centrality
    from ..analysis.cache import kept_organization_graph
    from ..analysis.communities import louvain, louvain_job
    from ..analysis.parallel import start_ahead

    og = kept_organization_graph(network)
    # The eigenvector scores and the communities in a second process, one after the
    # other, while betweenness runs (on the L benchmark network 4 s and 9 s it waited).
    start_ahead(og._cache, [centrality.eigenvector_job(og), louvain_job(og, seed=seed)])
    between = centrality.betweenness(og, seed=seed)
    eigen = centrality.eigenvector(og)
    community = {node: k for k, part in enumerate(louvain(og, seed=seed)) for node in part}
    nodes = {name: og.attribute(name) for name in NODE_ATTRIBUTES}
    nodes["label"] = nodes["name"]
    nodes["degree"] = og.degree().tolist()
    nodes["betweenness"] = [between[x] for x in og.ids]
    nodes["eigenvector"] = [eigen[x] for x in og.ids]
    nodes["community"] = [community[x] for x in og.ids]
    if custom:
        fields = {r["id"]: custom_fields(r) for r in network.records["organizations"]}
        for name in custom_names(network.records["organizations"]):
            nodes[custom_attribute(name)] = [fields[x].get(name) for x in og.ids]
    edges = {"weight": og.weight.astype(float),
             **{name: counts.astype(float) for name, counts in og.counts.items()}}
    return GephiTable(og, nodes, edges)


def gephi_graph(network: Network, *, seed: int | None = 0, custom: bool = False) -> nx.Graph:
    """The same table as a networkx graph (what the files hold, read back)."""
    table = gephi_table(network, seed=seed, custom=custom)
    og = table.graph
    G = nx.Graph(generator="lcii-graph")
    for i, node in enumerate(og.ids):
        G.add_node(xml_safe(node), **{name: xml_safe(values[i])
                                      for name, values in table.nodes.items()
                                      if values[i] is not None})
    for k, (a, b) in enumerate(zip(og.u.tolist(), og.v.tolist(), strict=True)):
        G.add_edge(xml_safe(og.ids[a]), xml_safe(og.ids[b]),
                   **{name: float(values[k]) for name, values in table.edges.items()})
    return G


#: A character that escaping or :func:`xml_safe` would change in text (``_IN_TEXT``) or
#: in an attribute value (``_IN_ATTRIBUTE``): text without one is written as it is (most
#: ids and names; a state-wide network has 600,000 of them to write).
_IN_TEXT = re.compile(f"[&<>{NOT_XML_CHARACTERS}]")
_IN_ATTRIBUTE = re.compile(f'[&<>"\t\n\r{NOT_XML_CHARACTERS}]')


def _text(value, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "double":
        return repr(float(value))
    if kind == "long":
        return str(int(value))
    text = str(value)
    return escape(str(xml_safe(value))) if _IN_TEXT.search(text) else text


def _attr(value) -> str:
    """``quoteattr(str(xml_safe(value)))``."""
    text = str(value)
    return quoteattr(str(xml_safe(value))) if _IN_ATTRIBUTE.search(text) else f'"{text}"'


def _attr_of(value, kind: str) -> str:
    """``value`` of XML type ``kind`` as a quoted attribute value."""
    return _attr(value) if kind == "string" else f'"{_text(value, kind)}"'


def _write(path: Path, lines: Iterator[str]) -> None:
    """Write ``lines`` (each one line, or several joined: the edges come a block at a
    time), :data:`BLOCK` lines or a megabyte to a write."""
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        block, size = [], 0
        for line in lines:
            block.append(line)
            size += len(line)
            if len(block) >= BLOCK or size >= 2**20:
                handle.write("\n".join(block) + "\n")
                block, size = [], 0
        if block:
            handle.write("\n".join(block) + "\n")


def _edge_blocks(table: GephiTable, types: dict[str, str]):
    """The edges a block at a time: ends and attribute columns as Python lists (a list
    of every edge's values would cost gigabytes on a state-wide network)."""
    og = table.graph
    for start in range(0, og.m, BLOCK):
        stop = start + BLOCK
        yield (og.u[start:stop].tolist(), og.v[start:stop].tolist(),
               [(name, kind, table.edges[name][start:stop].tolist())
                for name, kind in types.items()])


def write_graphml(table: GephiTable, path: Path) -> None:
    """GraphML 1.0, as networkx reads it back (keys typed, undirected)."""
    _write(path, _graphml_lines(table))


def _graphml_lines(table: GephiTable) -> Iterator[str]:
    og = table.graph
    node_types, edge_types = table.node_types(), table.edge_types()
    keys = {}
    yield "<?xml version='1.0' encoding='utf-8'?>"
    yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
    yield '  <key id="d0" for="graph" attr.name="generator" attr.type="string" />'
    for where, types in (("node", node_types), ("edge", edge_types)):
        for name, kind in types.items():
            keys[where, name] = f"d{len(keys) + 1}"
            yield (f'  <key id="{keys[where, name]}" for="{where}" '
                   f'attr.name={_attr(name)} attr.type="{kind}" />')
    yield '  <graph edgedefault="undirected">'
    node_columns = [(keys["node", name], kind, table.nodes[name])
                    for name, kind in node_types.items()]
    for i, node in enumerate(og.ids):
        data = "".join(f'<data key="{key}">{_text(values[i], kind)}</data>'
                       for key, kind, values in node_columns if values[i] is not None)
        yield f"    <node id={_attr(node)}>{data}</node>"
    ids = [_attr(x) for x in og.ids]
    # One template per edge, its doubles formatted a column at a time (repr, as _text
    # writes a double): 1.8 million edges of five attributes each, a block of lines at
    # once, every call made by map (5.5 s of L's 7.4 s to write, a line at a time).
    template = "    <edge source={} target={}>" + "".join(
        f'<data key="{keys["edge", name]}">{{}}</data>' for name in edge_types) + "</edge>"
    for u, v, columns in _edge_blocks(table, edge_types):
        yield "\n".join(map(template.format, map(ids.__getitem__, u),
                            map(ids.__getitem__, v),
                            *(map(repr, values) for _, _, values in columns)))
    yield '    <data key="d0">lcii-graph</data>'  # last: outputs.py looks for it there
    yield "  </graph>"
    yield "</graphml>"


def write_gexf(table: GephiTable, path: Path) -> None:
    """GEXF 1.2 (Gephi's own), with lcii-graph named as its creator."""
    _write(path, _gexf_lines(table))


def _gexf_lines(table: GephiTable) -> Iterator[str]:
    og = table.graph
    node_types = {name: kind for name, kind in table.node_types().items()
                  if name != "label"}  # the node's own label attribute
    edge_types = {name: kind for name, kind in table.edge_types().items()
                  if name != "weight"}  # the edge's own weight attribute
    yield "<?xml version='1.0' encoding='utf-8'?>"
    yield ('<gexf xmlns="http://www.gexf.net/1.2draft" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.gexf.net/1.2draft '
           'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">')
    yield f'  <meta lastmodifieddate="{datetime.date.today().isoformat()}">'
    yield f"    <creator>lcii-graph {__version__}</creator>"
    yield "  </meta>"
    yield '  <graph defaultedgetype="undirected" mode="static">'
    ids = {}
    for where, types in (("node", node_types), ("edge", edge_types)):
        yield f'    <attributes mode="static" class="{where}">'
        for name, kind in types.items():
            ids[where, name] = str(len(ids))
            yield (f'      <attribute id="{ids[where, name]}" title={_attr(name)} '
                   f'type="{kind}" />')
        yield "    </attributes>"
    yield "    <nodes>"
    node_columns = [(ids["node", name], kind, table.nodes[name])
                    for name, kind in node_types.items()]
    labels = table.nodes["label"]
    for i, node in enumerate(og.ids):
        label = labels[i] if labels[i] is not None else node
        values = "".join(f'<attvalue for="{key}" value={_attr_of(values[i], kind)} />'
                         for key, kind, values in node_columns if values[i] is not None)
        yield (f"      <node id={_attr(node)} label={_attr(label)}>"
               f"<attvalues>{values}</attvalues></node>")
    yield "    </nodes>"
    yield "    <edges>"
    node_ids = [_attr(x) for x in og.ids]
    template = '      <edge id="{}" source={} target={} weight="{}"><attvalues>' + "".join(
        f'<attvalue for="{ids["edge", name]}" value="{{}}" />' for name in edge_types) \
        + "</attvalues></edge>"
    edge_id = 0
    for u, v, columns in _edge_blocks(table, {"weight": "double", **edge_types}):
        yield "\n".join(map(template.format, range(edge_id, edge_id + len(u)),
                            map(node_ids.__getitem__, u), map(node_ids.__getitem__, v),
                            *(map(repr, values) for _, _, values in columns)))
        edge_id += len(u)
    yield "    </edges>"
    yield "  </graph>"
    yield "</gexf>"
