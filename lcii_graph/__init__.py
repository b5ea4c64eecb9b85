"""lcii_graph: map cross-sector partnerships and find their gaps.

The Python API mirrors the command line::

    import lcii_graph
    report = lcii_graph.import_workbook("partnership.xlsx", "lcii.db")
    with lcii_graph.open_store("lcii.db") as store:
        network = store.load_network(as_of="2024-06-30")
        graph = network.graph          # a networkx MultiDiGraph
        findings = lcii_graph.gaps(store)      # list of Finding (.to_dict() for pandas)
        numbers = lcii_graph.metrics(store)    # network-level metrics, a dict
        people = lcii_graph.to_pandas(store, "people")      # a sheet as a DataFrame
        nodes = lcii_graph.to_pandas(store, "node_metrics") # one row per organization
"""

__version__ = "0.1.0"

from .analysis import Finding, capital_stacks, gaps, metrics, summarize, what_if  # noqa: E402
from .errors import InputInvalid, InputUnreadable, LciiError, NotFound, StoreError  # noqa: E402
from .export.frames import to_pandas  # noqa: E402
from .export.pyvis_adapter import to_pyvis  # noqa: E402
from .ingest import check_workbook, import_workbook  # noqa: E402
from .network import Network, build_network  # noqa: E402
from .network.views import to_networkx  # noqa: E402
from .store import GraphStore, SQLiteStore, open_store  # noqa: E402

__all__ = [
    "Finding", "GraphStore", "InputInvalid", "InputUnreadable", "LciiError", "Network",
    "NotFound", "SQLiteStore", "StoreError", "__version__", "build_network", "capital_stacks",
    "check_workbook", "gaps", "import_workbook", "metrics", "open_store", "summarize",
    "to_networkx", "to_pandas", "to_pyvis", "what_if",
]
