"""Analyses of the network model: pure functions returning plain data."""

from .summary import summarize

__all__ = ["summarize"]
