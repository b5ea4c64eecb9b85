"""Network views built from the stored rows."""

from .model import Network, build_network, in_effect

__all__ = ["Network", "build_network", "in_effect"]
