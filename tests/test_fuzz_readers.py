"""Fuzzed input for the other readers: Kumu maps (JSON), damaged .xlsx packages and
the rule settings file. The property is the workbook fuzzer's (test_fuzz.py): a clean
import (or run), or a documented exit code with one ``Error:`` line last, no
traceback, and the store byte for byte as it was.

``make test`` runs a bounded number of examples; ``make fuzz`` the long run
(``LCII_FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import io
import json
import os
import zipfile

from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lcii_graph import import_workbook
from lcii_graph.cli import cli

from .conftest import JURISDICTIONS, ORGS, dump, file_digest, write_sheets, write_xlsx
from .test_fuzz import NASTY

EXAMPLES = int(os.environ.get("LCII_FUZZ_EXAMPLES", "40"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

KUMU_FIELDS = ["label", "type", "description", "tags", "sector", "Org Type", "website",
               "from", "to", "direction", "id", "_id", "attributes", "elements"]
scalars = st.one_of(st.sampled_from(NASTY), st.text(max_size=10), st.integers(),
                    st.floats(allow_nan=True), st.booleans(), st.none())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KUMU_FIELDS), inner,
                                                 max_size=3)), max_leaves=6)
LABELS = ["City of Lakeview", "Harbor Bank", "Ana Ortiz", "Jobs Compact", "", "x"]
TYPES = ["Government", "Foundation", "Organization", "Person", "Initiative", "Event",
         "Business", "Nonprofit", "", "Civil Society"]


@st.composite
def element(draw):
    fields = {"label": draw(st.one_of(st.sampled_from(LABELS), values)),
              "type": draw(st.one_of(st.sampled_from(TYPES), values))}
    extra = draw(st.dictionaries(st.sampled_from(KUMU_FIELDS), values, max_size=3))
    fields.update(extra)
    if draw(st.booleans()):
        fields = {"attributes": fields}
    return fields


@st.composite
def blueprints(draw):
    elements = draw(st.lists(element(), max_size=6))
    connections = draw(st.lists(st.fixed_dictionaries(
        {"from": st.one_of(st.sampled_from(LABELS), values),
         "to": st.one_of(st.sampled_from(LABELS), values)},
        optional={"type": st.one_of(st.sampled_from(["MOU", "Funding", "member", "works at"]),
                                    values),
                  "direction": st.sampled_from(["directed", "mutual", "undirected", 3])}),
        max_size=6))
    shape = draw(st.sampled_from(["plain", "map", "elements only", "odd"]))
    if shape == "map":
        return {"map": {"elements": elements, "connections": connections}}
    if shape == "elements only":
        return {"elements": elements}
    if shape == "odd":
        return draw(values)
    return {"elements": elements, "connections": connections}


def seeded_store(tmp_path):
    store = tmp_path / "store.db"
    import_workbook(write_sheets(tmp_path / "seed", {"organizations": ORGS,
                                                     "jurisdictions": JURISDICTIONS}),
                    str(store))
    return store


def clean_or_refused(store, args, *, codes=(3, 4)):
    before_bytes, before_rows = file_digest(store), dump(store)
    result = CliRunner().invoke(cli, ["--store", str(store), "-q", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    if result.exit_code == 0:
        return result
    assert result.exit_code in codes, result.output
    lines = result.stderr.splitlines()
    assert lines and lines[-1].startswith("Error: "), result.stderr
    for line in lines:
        assert line.startswith(("Error: ", "Warning: ", "Note: ", "Not placed: ")), line
    assert file_digest(store) == before_bytes
    assert dump(store) == before_rows
    return result


@given(blueprint=blueprints(), damage=st.one_of(st.none(), st.binary(min_size=1,
                                                                       max_size=4)))
@SETTINGS
@example(blueprint={"elements": [{"label": "A", "type": "Government"}],
                    "connections": [{"from": "A", "to": ["A"]}]}, damage=None)
@example(blueprint={"elements": [{"attributes": "x"}]}, damage=None)
def test_kumu_json_is_clean_or_refused(tmp_path_factory, blueprint, damage):
    tmp_path = tmp_path_factory.mktemp("kumu")
    store = seeded_store(tmp_path)
    data = json.dumps(blueprint, allow_nan=True).encode()
    if damage:
        middle = len(data) // 2
        data = data[:middle] + damage + data[middle:]
    path = tmp_path / "map.json"
    path.write_bytes(data)
    clean_or_refused(store, ["import", str(path), "--map", "Org Type=sector"])


def _package(tmp_path):
    return write_xlsx(tmp_path / "book.xlsx", {
        "organizations": [["id", "name", "sector"], ["a", "Alpha", "business"],
                          ["b", "Beta", "nonprofit"], ["c", "Gamma", "government"]],
        "ties": [["from", "to", "kind"], ["a", "b", "mou"], ["b", "c", "informal"]]})


@given(part=st.integers(0, 50), where=st.floats(0, 1),
       change=st.one_of(st.binary(min_size=1, max_size=8),
                        st.sampled_from([b"<", b"</c>", b'<!ENTITY x "y">', b"&x;",
                                         b'r="XFD1048576"', b'<dimension ref="A1"/>',
                                         b"\xff\xfe", b"<v>1e400</v>", b't="b"', b't="e"',
                                         b't="d"', b"<f>SUM(A1)</f>"])),
       cut=st.booleans())
@SETTINGS
def test_a_damaged_xlsx_is_clean_or_refused(tmp_path_factory, part, where, change, cut):
    """One XML part of a real workbook changed at one place (bytes inserted, or the part
    cut there), then packed again: what openpyxl, the zip layer and our reader make
    of it."""
    tmp_path = tmp_path_factory.mktemp("xlsx")
    store = seeded_store(tmp_path)
    source = _package(tmp_path)
    with zipfile.ZipFile(source) as zin:
        names = zin.namelist()
        name = names[part % len(names)]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in names:
                data = zin.read(item)
                if item == name:
                    at = int(len(data) * where)
                    data = data[:at] + (b"" if cut else change + data[at:])
                zout.writestr(item, data)
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(out.getvalue())
    clean_or_refused(store, ["import", str(damaged)])


CONFIG_KEYS = ["rules", "rules.grant-only", "rules.funder-concentration", "sectors",
               "thresholds", "enabled", "severity", "max_share", "min_members", "levels"]
toml_values = st.one_of(
    st.sampled_from(["true", "false", "5", "-1", "0.5", "1e400", "nan", "inf", '"high"',
                     '"business"', '"nope"', "[]", '["business", "x"]', "{}", '"\\u0000"',
                     "2021-01-01", '"""', "[[", "= =", ""]),
    st.text(max_size=8).map(json.dumps))


@given(lines=st.lists(st.tuples(st.sampled_from(CONFIG_KEYS), toml_values,
                                st.booleans()), max_size=6))
@SETTINGS
@example(lines=[("rules", "5", False)])
@example(lines=[("rules.grant-only", "{}", True), ("max_share", "1e400", False)])
def test_the_rule_settings_file_is_read_or_refused(tmp_path_factory, lines):
    """lcii-graph.toml beside the store: `gaps` runs with it (exit 0, or 7 for findings)
    or refuses it with exit 3; never a traceback."""
    tmp_path = tmp_path_factory.mktemp("toml")
    store = seeded_store(tmp_path)
    text = "".join(f"[{key}]\n" if table else f"{key.split('.')[-1]} = {value}\n"
                   for key, value, table in lines)
    (tmp_path / "lcii-graph.toml").write_text(text, encoding="utf-8")
    result = clean_or_refused(store, ["gaps"], codes=(3, 7))
    if result.exit_code == 3:
        assert "lcii-graph.toml" in result.stderr.splitlines()[-1]


node_values = st.one_of(st.sampled_from(NASTY), st.text(max_size=8), st.integers(-5, 5),
                        st.floats(allow_nan=False, allow_infinity=False), st.booleans())


@given(nodes=st.dictionaries(st.text(min_size=1, max_size=6).filter(str.strip),
                             st.dictionaries(st.sampled_from(["sector", "label", "type", "Kind",
                                                              "weight", "kind"]),
                                             node_values, max_size=3), max_size=6),
       edges=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5),
                                st.dictionaries(st.sampled_from(["weight", "kind", "type"]),
                                                node_values, max_size=2)), max_size=8),
       fmt=st.sampled_from(["graphml", "gexf", "json"]), directed=st.booleans(),
       damage=st.one_of(st.none(), st.binary(min_size=1, max_size=4)))
@SETTINGS
def test_a_graph_file_is_clean_or_refused(tmp_path_factory, nodes, edges, fmt, directed,
                                          damage):
    """GraphML, GEXF and node-link JSON as networkx writes them, with hostile values and
    perhaps a few damaged bytes."""
    import networkx as nx

    tmp_path = tmp_path_factory.mktemp("graph")
    store = seeded_store(tmp_path)
    G = nx.DiGraph() if directed else nx.Graph()
    ids = list(nodes)
    for node, attrs in nodes.items():
        G.add_node(node, **attrs)
    for a, b, attrs in edges:
        if ids and a < len(ids) and b < len(ids):
            G.add_edge(ids[a], ids[b], **attrs)
    path = tmp_path / f"graph.{fmt}"
    try:
        if fmt == "json":
            path.write_text(json.dumps(nx.node_link_data(G)), encoding="utf-8")
        else:
            (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(G, path)
    except Exception:  # networkx cannot write some values (a NUL in XML): not our input
        return
    if damage:
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 2] + damage + data[len(data) // 2:])
    clean_or_refused(store, ["import", str(path), "--map", "Kind=sector"])
