"""PySide6's `__feature__` bookkeeping without reading every module's source (issue 20).

PySide6 lets a module opt into `from __feature__ import snake_case, true_property`. To know
which modules may switch, it looks at every module imported after PySide6 (its
`_mod_uses_pyside`): it reads the module's whole source file and searches it for "PySide6",
marking a module that names it 0 ("no feature") and any other -1 ("ignore"). On the window's
start that is ~400 modules (pyqtgraph's, the client's, what they import), ~0.1 s of CPU for
nothing: no module riskmap runs imports `__feature__`, so every module sees the default set.
Here each module is marked -1 without reading it — PySide6's own mark for a module that does
not name it, pyqtgraph's modules among them, and the one under which its Qt calls switch
nothing (at 10^6 sites the marks made no difference beyond noise: bench/README.md). A module
that does import `__feature__` still gets its own selection from PySide6 (`feature_import`
sets it whatever the mark was); riskmap has none (tests/test_startup.py).

Only for the PySide6 release this was read against (`VERSION`); any other runs as shipped.
"""

from __future__ import annotations

from types import ModuleType

import PySide6

VERSION = "6.11."  # PySide6.support.feature._mod_uses_pyside(module) -> bool, read for 6.11


def _uses_pyside(module: ModuleType) -> bool:
    return False  # -1, "ignore": its calls into Qt leave the (default) feature set as it is


def install() -> None:
    """Skip the source search for modules imported from now on (no-op on another PySide6)."""
    if not PySide6.__version__.startswith(VERSION):
        return
    from PySide6.support import feature

    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = _uses_pyside
