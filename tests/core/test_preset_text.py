"""The preset texts (resources/presets/*.toml): one per preset, every placeholder one the
briefing fills, and filling leaves no brace behind."""

from __future__ import annotations

import re

from riskmap.core.catalog import load_catalog
from riskmap.core.preset_text import fill, placeholders, preset_text
from riskmap.core.presets import PRESETS
from riskmap.paths import resources_dir

# What resources/presets/README.md promises, written out here.
NAMES = {"where", "office", "year", "days", "start", "end", "sites", "open", "major_open",
         "overdue", "high_risk", "gaps", "patrols"}  # fmt: skip


def test_every_preset_has_its_texts_and_only_known_placeholders() -> None:
    files = {p.stem for p in (resources_dir() / "presets").glob("*.toml")}
    assert files == set(PRESETS)
    layers = set(load_catalog())
    known = NAMES | {f"{kind}_{layer}" for kind in ("sites", "open", "major") for layer in layers}
    for key in PRESETS:
        text = preset_text(key)
        assert text.history and text.season and len(text.requirements) >= 4, key
        for part in (text.history, text.season, *text.requirements):
            assert placeholders(part) <= known, (key, placeholders(part) - known)
        # The season names the preset's own focus layers, with their counts.
        focus = {s.key for s in PRESETS[key].layers(load_catalog())}
        used = {m for m in re.findall(r"\{sites_(\w+)\}", text.season)}
        assert used and used <= focus, (key, used - focus)


def test_fill_puts_the_figures_in_and_leaves_a_literal_brace_alone() -> None:
    assert fill("{where}有{sites_roads}处", {"where": "全市", "sites_roads": 12}) == "全市有12处"
    assert fill("未知{nope}照录", {}) == "未知{nope}照录"
    assert fill("半个{括号", {"where": "全市"}) == "半个{括号"
