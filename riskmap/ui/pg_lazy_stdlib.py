"""Two standard-library modules pyqtgraph imports and the map never uses, imported on first use.

`import pyqtgraph` imports every widget it has; two of its modules import a standard-library
module at their top for one seldom-used function: `pyqtgraph.parametertree.interactive`
imports `pydoc` (~20 ms, with pkgutil and sysconfig) for `pydoc.splitdoc` when a function
becomes a parameter tree, and `pyqtgraph.debug` imports `cProfile` for its `profile()` helper.
riskmap uses neither (issue 20: nothing on the start the first window does not need). While
each of those two modules runs, its `import` finds a stand-in that imports the real module the
first time one of its names is asked for and hands over the real object, so each call behaves
as before. Any other module importing `pydoc` or `cProfile` gets the real one.

Only for the pyqtgraph release this was read against (`VERSION`, riskmap.ui.qt_mirrors's);
any other release imports as it ships. `install()` runs from `riskmap.ui`'s package, before
anything imports pyqtgraph.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from riskmap.ui.qt_mirrors import VERSION, spec_from_others

# pyqtgraph's module → the standard-library module it imports (`import name`) at its top
LATER = {"pyqtgraph.parametertree.interactive": "pydoc", "pyqtgraph.debug": "cProfile"}


class _StandIn(ModuleType):
    """Imports the module it stands for on the first name asked of it."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module(self.__name__), name)


class _Loader(importlib.abc.Loader):
    def __init__(self, loader: Any, stdlib: str) -> None:
        self._loader = loader
        self._stdlib = stdlib

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        name = self._stdlib
        if name in sys.modules:  # imported already: nothing to save
            self._loader.exec_module(module)
            return
        stand_in = sys.modules[name] = _StandIn(name)
        try:
            self._loader.exec_module(module)
        finally:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


class _Finder(importlib.abc.MetaPathFinder):
    def __init__(self) -> None:
        self._left = set(LATER)

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name not in self._left:
            return None
        stdlib = LATER[name]
        self._left.discard(name)
        if not self._left:  # each imports once per process
            sys.meta_path.remove(self)
        spec = spec_from_others(self, name, path, target)
        if spec is None or spec.loader is None or not _is_version():
            return spec
        spec.loader = _Loader(spec.loader, stdlib)
        return spec


def _is_version() -> bool:
    pyqtgraph = sys.modules.get("pyqtgraph")
    return getattr(pyqtgraph, "__version__", None) == VERSION


def install() -> None:
    """Make pyqtgraph's two modules leave their standard-library import for first use (once;
    no-op when pyqtgraph is imported already)."""
    if "pyqtgraph" in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
