"""Python's cyclic collector paused while many long-lived objects are made (issue 20).

A load makes a geometry object per site, all alive until the workspace goes, none in a cycle,
and the window's start makes ~2·10^5 objects that live as long as the window. The collector
counts each as new and went through the growing heap again and again while they were made:
ten full passes over a 10^6-site load (~0.6 s of a ~2.2 s column read, under the GIL), two on
the demo city's start (bench/README.md). This module imports nothing heavy, so the start can
pause the collector before its first import.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """The collector off inside, back as it was after: a pause inside another pause (a load
    during the window's start) leaves it off. Once back on it goes through the new objects
    once as they age."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
