"""Feature packages reach the window only through Services: no import chain leads from them to
riskmap.ui.main_window, and pyproject's import-linter contract names every one of them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp
import pytest

FEATURES = (
    "riskmap.ui.ledger",
    "riskmap.ui.patrol",
    "riskmap.ui.importer",
    "riskmap.ui.briefing",
    "riskmap.ui.incident",
    "riskmap.ui.wall",
    "riskmap.ui.database_dialog",
)
# It opens a whole window, as the app does, for the docs' screenshots.
SCREENSHOT_DRIVER = "riskmap.ui.incident.shot"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("riskmap")


@pytest.fixture(scope="module")
def feature_graph() -> grimp.ImportGraph:
    """The graph without the screenshot driver's one import of the app (the contract's one
    ignored import)."""
    g = grimp.build_graph("riskmap")
    g.remove_import(importer=SCREENSHOT_DRIVER, imported="riskmap.ui.app")
    return g


@pytest.mark.parametrize("package", FEATURES)
def test_no_import_chain_leads_from_a_feature_to_the_window(feature_graph, package: str) -> None:
    graph = feature_graph
    modules = {package} | graph.find_descendants(package)
    for module in sorted(modules):
        chain = graph.find_shortest_chain(module, "riskmap.ui.main_window")
        assert chain is None, f"{module} reaches the window: {' -> '.join(chain or ())}"


def test_the_window_hands_each_feature_services(graph) -> None:
    # The other direction stays: the window builds every feature package.
    window_imports = graph.find_modules_directly_imported_by("riskmap.ui.main_window")
    assert "riskmap.ui.services" in window_imports and "riskmap.ui.state" in window_imports
    assert any(m.startswith("riskmap.ui.ledger") for m in window_imports)
    # Without the ignored import the driver does reach the window: the exception is real.
    assert graph.find_shortest_chain(SCREENSHOT_DRIVER, "riskmap.ui.main_window") is not None


def test_the_contract_names_every_feature_package() -> None:
    pyproject = Path(__file__).parents[2] / "pyproject.toml"
    contracts = tomllib.loads(pyproject.read_text("utf-8"))["tool"]["importlinter"]["contracts"]
    ours = [c for c in contracts if c.get("forbidden_modules") == ["riskmap.ui.main_window"]]
    assert len(ours) == 1 and ours[0]["type"] == "forbidden"
    assert sorted(ours[0]["source_modules"]) == sorted(FEATURES)
    assert ours[0].get("ignore_imports", []) == [f"{SCREENSHOT_DRIVER} -> riskmap.ui.app"]
