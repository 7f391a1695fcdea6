"""Progress bars on stderr for the long stages (build, publish), drawn by tqdm."""

from __future__ import annotations

import sys
from typing import Any

from tqdm import tqdm


def progress_bar(total: int, unit: str, enabled: bool | None) -> Any:
    """A bar counting `total` `unit`s: by default when stderr is a terminal, and only for work of
    more than a few steps (`update(n)`, `close()`; a no-op when not shown)."""
    shown = (sys.stderr.isatty() if enabled is None else enabled) and total > 5
    return tqdm(total=total, unit=f" {unit}", disable=not shown, file=sys.stderr, dynamic_ncols=True, unit_scale=True)
