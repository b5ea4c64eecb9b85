"""The command line, on top of the library."""

from .main import cli, main

__all__ = ["cli", "main"]
