"""A pyvis ``Network`` of the organization network, for notebook users.

The exported map does not use pyvis's page (see :mod:`.html`); this adapter
is for exploring in Jupyter, with the same colors and positions.
"""

from __future__ import annotations

from .mapdata import map_data


def to_pyvis(source, *, partnership: str | None = None, seed: int | None = 0,
             notebook: bool = True, **pyvis_options):
    """A ``pyvis.network.Network`` with the map's nodes, edges, colors and layout.

    People appear only as counts (the partner profile); physics is off, as on the map.
    """
    from pyvis.network import Network

    from ..network.model import network_of

    data = map_data(network_of(source), partnership=partnership, seed=seed)
    colors = {s["id"]: s["color"] for s in data["sectors"]}
    shapes = {"Organization": "dot", "Partnership": "diamond", "Community": "hexagon"}
    net = Network(notebook=notebook, cdn_resources="in_line", **pyvis_options)
    for n in data["nodes"]:
        net.add_node(n["id"], label=n["label"], x=n["x"], y=n["y"], size=n["size"],
                     shape=shapes.get(n["kind"], "dot"), physics=False,
                     color=colors.get(n["sector"], "#555555"), title=n["label"])
    for e in data["edges"]:
        net.add_edge(e["from"], e["to"])
    net.toggle_physics(False)
    return net
