"""The dossier's chart: integer count ticks, every row shown with its name."""

from __future__ import annotations

from PySide6 import QtWidgets

from riskmap.ui.panels.dossier_chart import _DossierChart, integer_ticks


def test_integer_ticks_are_whole_numbers_from_zero_past_the_top() -> None:
    assert integer_ticks(3) == [0, 1, 2, 3]
    assert integer_ticks(0) == [0, 1]
    assert integer_ticks(2.5) == [0, 1, 2, 3]
    assert integer_ticks(13) == [0, 5, 10, 15]
    assert integer_ticks(170) == [0, 50, 100, 150, 200]
    assert integer_ticks(6) == [0, 1, 2, 3, 4, 5, 6]
    assert integer_ticks(7) == [0, 2, 4, 6, 8]


def test_chart_ticks_counts_at_integers_and_keeps_every_layer(qtbot) -> None:
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    chart = _DossierChart(parent)
    chart.retranslate()
    layers = [(f"layer {i}", (1, i % 2, 0)) for i in range(11)]
    chart.set_data(layers, [("county", (2, 1, 0))])
    parent.resize(300, 250)  # far too short for 11 bars: the charts scroll, no row is dropped
    parent.show()
    qtbot.waitExposed(parent)
    ticks = chart.count_ticks(0)
    assert ticks == [0.0, 1.0, 2.0]
    assert all(t == int(t) for t in chart.count_ticks(1))
    left = chart._plots[0].getPlotItem().getAxis("left")._tickLevels[0]
    assert [text for _y, text in left] == [name for name, _v in layers]
    plot = chart._plots[0]
    assert plot.height() >= plot.minimumHeight() > 11 * chart.fontMetrics().height()


def test_the_plots_are_made_when_the_chart_tab_is_first_shown(qtbot) -> None:
    """A start does not make the chart's plots behind the dossier's other tabs (issue 20); the
    rows given before then are drawn when the tab is first shown."""
    tabs = QtWidgets.QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QtWidgets.QLabel("hazards"), "hazards")
    chart = _DossierChart(tabs)
    chart.retranslate()
    tabs.addTab(chart, "chart")
    chart.set_data([("a", (1, 0, 0)), ("b", (2, 1, 1))], [("county", (3, 1, 1))])
    tabs.resize(500, 400)
    tabs.show()
    qtbot.waitExposed(tabs)
    assert chart._plots == []
    tabs.setCurrentWidget(chart)
    qtbot.waitUntil(lambda: len(chart._plots) == 2)
    qtbot.waitUntil(lambda: chart._plots[0].isVisible())
    left = chart._plots[0].getPlotItem().getAxis("left")._tickLevels[0]
    assert [text for _y, text in left] == ["a", "b"]
    assert chart.count_ticks(1) == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert chart._plots[0].getPlotItem().getAxis("bottom").labelText == "Open hazards"
