"""The command line, on top of the library."""

from .commands import cli, main

__all__ = ["cli", "main"]
