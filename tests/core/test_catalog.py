from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from riskmap.core.catalog import load_catalog
from riskmap.errors import CatalogError
from riskmap.paths import layers_dir

REQUIRED = {
    "forest_fire",
    "waterways",
    "roads",
    "dense_venues",
    "chemical_plants",
    "quarantine_sites",
    "geohazards",
    "gas",
    "construction",
    "mines",
    "resources",
}


@pytest.fixture
def layers_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "layers"
    shutil.copytree(layers_dir(), dst)
    return dst


def test_bundled_layers_load_and_cover_the_spec() -> None:
    cat = load_catalog()
    assert set(cat) >= REQUIRED
    for spec in cat.values():
        assert spec.name_zh and spec.name_en
        assert spec.regulator.zh and spec.regulator.code
        assert spec.style.color.startswith("#")
    assert cat["chemical_plants"].field("hazard_class").choices == (1, 2, 3, 4)
    assert cat["forest_fire"].geometry == "polygon"
    assert cat["roads"].geometry == "line"
    assert cat["resources"].group == "resources"
    assert {s.key for s in cat.for_preset("qingming")} >= {"forest_fire", "dense_venues", "roads"}


def test_layers_are_ordered_by_drawing_order() -> None:
    orders = [spec.order for spec in load_catalog().values()]
    assert orders == sorted(orders)


def test_a_new_file_is_a_new_layer(layers_copy: Path) -> None:
    (layers_copy / "dams.toml").write_text(
        'key = "dams"\ngeometry = "point"\norder = 5\n'
        '[names]\nzh = "水库大坝"\nen = "Dams"\n'
        '[regulator]\ncode = "water"\nzh = "水务局"\nen = "Water Resources Bureau"\n'
        '[style]\ncolor = "#123456"\n'
        '[[fields]]\nkey = "height_m"\ntype = "float"\nzh = "坝高"\nen = "Height"\n',
        encoding="utf-8",
    )
    cat = load_catalog(layers_copy)
    assert "dams" in cat
    assert next(iter(cat)) == "dams"  # order 5 draws first
    assert cat["dams"].field("height_m").type == "float"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('geometry = "line"', 'geometrie = "line"', "roads.toml: geometrie: unknown key"),
        ('geometry = "line"', 'geometry = "lines"', "roads.toml: geometry: must be one of"),
        ('color = "#757575"', 'color = "grey"', "roads.toml: style.color: must be a colour"),
        ('key = "roads"', 'key = "road"', "roads.toml: key: is 'road' but the file is named"),
        ('zh = "道路"', "zh = ", "roads.toml: TOML syntax error"),
        ('"flood_season"]', '"flod_season"]', "did you mean 'flood_season'"),
        ('type = "enum"', 'type = "enumeration"', "roads.toml: fields[0].type: must be one of"),
    ],
)
def test_malformed_file_names_file_key_and_problem(
    layers_copy: Path, old: str, new: str, message: str
) -> None:
    path = layers_copy / "roads.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(layers_copy)
    assert message in str(err.value)
    assert "\n" not in str(err.value).strip()


def test_unknown_layer_key_suggests(layers_copy: Path) -> None:
    cat = load_catalog(layers_copy)
    with pytest.raises(CatalogError, match="did you mean 'roads'"):
        cat.keys_checked(["raods"])


def test_empty_layers_directory(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no layer files"):
        load_catalog(tmp_path)


def test_non_utf8_file(layers_copy: Path) -> None:
    (layers_copy / "roads.toml").write_bytes("key = '道路'".encode("gbk"))
    with pytest.raises(CatalogError, match=r"roads\.toml: not UTF-8"):
        load_catalog(layers_copy)


def test_membership_and_get_do_not_raise() -> None:
    cat = load_catalog()
    assert "roads" in cat and "_districts" not in cat
    assert cat.get("_districts") is None
    assert cat.get("roads").key == "roads"
