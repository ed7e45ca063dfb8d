"""The desktop client: the only package that imports PySide6 or pyqtgraph."""

from riskmap.ui.qt_mirrors import install as _lazy_qt_mirrors

# Before any module of the client imports pyqtgraph (see riskmap.ui.qt_mirrors).
_lazy_qt_mirrors()
