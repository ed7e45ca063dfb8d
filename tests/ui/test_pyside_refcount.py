"""Regression: PySide6 6.12.0 on CPython 3.11 aborts with `Fatal Python error: none_dealloc`
after a few thousand pyqtgraph item operations (signal emits and setParentItem corrupt the
refcount of None). pyproject.toml pins around it; this loop must survive in a fresh process.
"""

from __future__ import annotations

import os
import subprocess
import sys

LOOP = r"""
import sys
from PySide6 import QtWidgets
import pyqtgraph as pg

app = QtWidgets.QApplication([])
plot = pg.PlotWidget()
before = sys.getrefcount(None)
for i in range(3000):
    item = pg.PlotDataItem([0, 1, 2], [i, i + 1, i])
    plot.addItem(item)
    item.setData([0, 1], [1, i])  # emits sigPlotChanged
    plot.removeItem(item)
app.processEvents()
print("ok", before, sys.getrefcount(None))
"""


def test_many_pyqtgraph_item_operations_do_not_abort() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", LOOP], capture_output=True, text=True, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("ok"), proc.stdout
    assert "none_dealloc" not in proc.stderr
