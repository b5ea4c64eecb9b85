"""lcii_graph: map cross-sector partnerships and find their gaps.

The Python API mirrors the command line::

    import lcii_graph
    report = lcii_graph.import_workbook("partnership.xlsx", "lcii.db")
    with lcii_graph.open_store("lcii.db") as store:
        network = store.load_network(as_of="2024-06-30")
        graph = network.graph          # a networkx MultiDiGraph
"""

__version__ = "0.1.0"

from .analysis import summarize  # noqa: E402
from .errors import InputInvalid, InputUnreadable, LciiError, NotFound, StoreError  # noqa: E402
from .ingest import check_workbook, import_workbook  # noqa: E402
from .network import Network, build_network  # noqa: E402
from .store import GraphStore, SQLiteStore, open_store  # noqa: E402

__all__ = [
    "GraphStore", "InputInvalid", "InputUnreadable", "LciiError", "Network", "NotFound",
    "SQLiteStore", "StoreError", "__version__", "build_network", "check_workbook",
    "import_workbook", "open_store", "summarize",
]
