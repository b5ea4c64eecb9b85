"""Network views built from the stored rows."""

from .model import Network, build_network, in_effect, network_of

__all__ = ["Network", "build_network", "in_effect", "network_of"]
