"""lcii_graph: map cross-sector partnerships and find their gaps.

The Python API mirrors the command line::

    import lcii_graph
    report = lcii_graph.import_workbook("partnership.xlsx", "lcii.db")
    with lcii_graph.open_store("lcii.db") as store:
        network = lcii_graph.network_of(store, as_of="2024-06-30")
        graph = network.graph          # a networkx MultiDiGraph
        findings = lcii_graph.gaps(store)      # list of Finding (.to_dict() for pandas)
        numbers = lcii_graph.metrics(store)    # network-level metrics, a dict
        people = lcii_graph.to_pandas(store, "people")      # a sheet as a DataFrame
        nodes = lcii_graph.to_pandas(store, "node_metrics") # one row per organization
"""

__version__ = "0.1.0"

# The names below load on first use (PEP 562), so that `lcii-graph --version` and every
# command import only what they need: the analyses alone pull in networkx, numpy, pandas
# and igraph, more than half a second before anything is done.
from ._lazy import lazy_attributes  # noqa: E402

_LAZY = {
    "Finding": "analysis.findings", "capital_stacks": "analysis.funding",
    "gaps": "analysis.gaps", "metrics": "analysis.metrics", "summarize": "analysis.summary",
    "what_if": "analysis.whatif",
    "InputInvalid": "errors", "InputUnreadable": "errors", "LciiError": "errors",
    "NotFound": "errors", "StoreError": "errors",
    "to_pandas": "export.frames", "to_pyvis": "export.pyvis_adapter",
    "check_workbook": "ingest", "import_workbook": "ingest",
    "Network": "network", "build_network": "network", "network_of": "network",
    "snapshot_network": "network", "to_networkx": "network.views",
    "GraphStore": "store", "SQLiteStore": "store", "open_store": "store",
}


__getattr__ = lazy_attributes(__name__, _LAZY)


def __dir__():
    return sorted([*globals(), *_LAZY])


__all__ = [
    "Finding", "GraphStore", "InputInvalid", "InputUnreadable", "LciiError", "Network",
    "NotFound", "SQLiteStore", "StoreError", "__version__", "build_network", "capital_stacks",
    "check_workbook", "gaps", "import_workbook", "metrics", "network_of", "open_store",
    "snapshot_network", "summarize", "to_networkx", "to_pandas", "to_pyvis", "what_if",
]
