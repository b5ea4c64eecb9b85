"""The bundled example: the fictional Riverbend region (see riverbend/README.md)."""

from __future__ import annotations

import contextlib
from importlib import resources
from pathlib import Path


@contextlib.contextmanager
def example_path(name: str = "riverbend"):
    """Yield the folder of the bundled example's CSV files as a real path."""
    with resources.as_file(resources.files(__package__).joinpath(name)) as path:
        yield Path(path)
