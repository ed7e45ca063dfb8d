"""The desktop client: the only package that imports PySide6 or pyqtgraph."""

from riskmap.ui.pg_lazy_stdlib import install as _stdlib_on_first_use
from riskmap.ui.qt_features import install as _no_feature_search
from riskmap.ui.qt_mirrors import install as _lazy_qt_mirrors

# Before the client's modules, pyqtgraph and what they import (see the three modules).
_no_feature_search()
_lazy_qt_mirrors()
_stdlib_on_first_use()
