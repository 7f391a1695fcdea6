"""Palermo: a knowledge-graph builder for UN documents on trafficking in persons."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from palermo.api import Build

__version__ = "0.1.0"
__all__ = ["__version__", "open"]


def open(folder: str | Path | None = None) -> Build:  # palermo.open, as analysts call it
    """A build folder opened for reading, its queries answered as pandas DataFrames (palermo/api.py;
    imported when first used: the command line does not load pandas)."""
    from palermo.api import Build

    return Build(folder)
