"""Network views built from the stored rows."""

from .model import Network, build_network, in_effect, network_of, snapshot_network

__all__ = ["Network", "build_network", "in_effect", "network_of", "snapshot_network"]
