"""pyqtgraph's Qt mirrors filled on first use instead of at import (issue 20: cold start).

`import pyqtgraph` runs `pyqtgraph.Qt`, which copies every name of PySide6's QtCore, QtGui and
QtWidgets into mirror modules of its own (`_copy_attrs`). PySide6 creates its classes and their
Python enums lazily, on first access, so that copy makes all ~600 of Qt's enums and every class
of the three modules: about half of pyqtgraph's import (~0.15 s of a ~1 s start on the demo
city), for classes the map never touches. Here the copy finds no names, and each mirror looks a
name up in its PySide6 module the first time pyqtgraph asks for it (PEP 562), keeping what it
found, so every name resolves to the same object as before. pyqtgraph's own additions to the
mirrors (QOpenGLWidget, QFileSystemModel in QtGui, the Signal aliases) are plain attributes of
the mirror and win over the lookup as they won over the copy.

Only for the pyqtgraph release this was read against (`VERSION`); any other release imports
as it ships. `install()` runs from `riskmap.ui`'s package, before anything imports pyqtgraph.
"""

from __future__ import annotations

import builtins
import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

VERSION = "0.14.0"  # pyqtgraph/Qt/__init__.py's _copy_attrs(PySide6.QtX, QtX), read for this one
MIRRORED = ("QtCore", "QtGui", "QtWidgets")


def _lazy_mirror(mirror: ModuleType, source: ModuleType) -> None:
    def __getattr__(name: str) -> Any:
        value = getattr(source, name)  # AttributeError as a plain module's
        setattr(mirror, name, value)
        return value

    mirror.__getattr__ = __getattr__  # type: ignore[method-assign]


def _names_to_copy(*args: Any) -> list[str]:
    """`dir` as pyqtgraph.Qt sees it: no names for a PySide6 module it mirrors (whose mirror
    then looks names up on use); the builtin for anything else."""
    if len(args) == 1 and isinstance(args[0], ModuleType):
        package, _, leaf = args[0].__name__.partition(".")
        mirror = sys.modules.get(f"pyqtgraph.Qt.{leaf}")
        if package == "PySide6" and leaf in MIRRORED and mirror is not None:
            _lazy_mirror(mirror, args[0])
            return []
    return builtins.dir(*args)


class _Loader(importlib.abc.Loader):
    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        module.__dict__["dir"] = _names_to_copy  # a module global shadows the builtin
        try:
            self._loader.exec_module(module)
        finally:
            module.__dict__.pop("dir", None)


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name != "pyqtgraph.Qt":
            return None
        sys.meta_path.remove(self)  # once: pyqtgraph.Qt imports once per process
        spec = spec_from_others(self, name, path, target)
        if spec is None or spec.loader is None or not _is_version():
            return spec
        spec.loader = _Loader(spec.loader)
        return spec


def spec_from_others(
    me: importlib.abc.MetaPathFinder,
    name: str,
    path: Sequence[str] | None,
    target: ModuleType | None,
) -> importlib.machinery.ModuleSpec | None:
    """The spec the import system's other finders give `name` (a bundle has its own), for a
    finder that only wraps the loader of what they find."""
    for finder in sys.meta_path:
        if finder is me:
            continue
        find = getattr(finder, "find_spec", None)
        spec = find(name, path, target) if find is not None else None
        if spec is not None:
            return spec
    return None


def _is_version() -> bool:
    pyqtgraph = sys.modules.get("pyqtgraph")
    # pyqtgraph's __init__ sets __version__ before it imports .Qt.
    return getattr(pyqtgraph, "__version__", None) == VERSION


def install() -> None:
    """Make the next `import pyqtgraph` leave its Qt mirrors lazy (once; no-op if imported)."""
    if "pyqtgraph.Qt" in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
