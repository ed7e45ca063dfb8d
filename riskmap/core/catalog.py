"""Risk layers as data: one TOML file per layer in layers/, read and validated here.

Adding a layer is adding a file. A malformed file is reported with the file, the key and the
problem, so whoever edits layers/ can fix it without reading code.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskmap.errors import CatalogError
from riskmap.messages import Words, os_reason

GEOMETRIES = ("point", "line", "polygon", "line+polygon", "any")
GROUPS = ("risk", "resources", "base")
FIELD_TYPES = ("str", "int", "float", "bool", "date", "enum")
SYMBOLS = ("o", "s", "t", "t1", "d", "+", "x", "star", "p", "h")
HAZARD_LEVELS = ("general", "major")
# The holiday and season presets a layer may name (riskmap.core.presets holds their content).
PRESET_KEYS = (
    "qingming",
    "labor_day",
    "dragon_boat",
    "flood_season",
    "national_day",
    "spring_festival",
)
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")

_TOP_KEYS = {
    "key",
    "names",
    "geometry",
    "group",
    "order",
    "regulator",
    "presets",
    "style",
    "fields",
    "description",
}
_STYLE_KEYS = {
    "color",
    "fill",
    "width",
    "symbol",
    "size",
    "levels",
    "classes",
    "class_field",
    "scale",
    "label",
    "aggregate",
}
_SCALE_KEYS = {"symbols", "labels"}
_LABEL_KEYS = {"field", "priority", "size", "halo", "color"}
_AGGREGATE_KEYS = {"kind", "ramp", "classes", "method"}
AGGREGATE_KINDS = ("choropleth", "cluster")
CLASSIFY_METHODS = ("jenks", "quantile")
# A label may show the site's own name (the sites table's column) or any field of the layer.
NAME_FIELD = "name"
# 1:50,000,000 is beyond any city: an open end of a scale range.
MAX_DENOMINATOR = 50_000_000.0
_FIELD_KEYS = {"key", "type", "zh", "en", "choices", "required", "unit", "people"}
_REGULATOR_KEYS = {"zh", "en", "code"}


@dataclass(frozen=True)
class FieldSpec:
    key: str
    type: str
    zh: str
    en: str
    choices: tuple[Any, ...] = ()
    required: bool = False
    unit: str = ""
    # Counts people (students, beds, visitors): summed in incident rings and briefings.
    people: bool = False


@dataclass(frozen=True)
class ScaleRange:
    """The scale denominators a thing is drawn between: 1:`low` (zoomed in) to 1:`high`."""

    low: float = 0.0
    high: float = MAX_DENOMINATOR

    def shows(self, denominator: float) -> bool:
        return self.low <= denominator <= self.high


@dataclass(frozen=True)
class LabelStyle:
    """What a layer's labels say (`field`), how they rank (`priority`, 0–100, higher placed
    first) and look (`size` in pt, text `color`, `halo` colour or None for none)."""

    field: str = NAME_FIELD
    priority: int = 50
    size: float = 8.0
    color: str = "#263238"
    halo: str | None = "#ffffff"


@dataclass(frozen=True)
class AggregateStyle:
    """A layer's small-scale style, used where its symbols are not drawn (beyond
    `scale.symbols`): a choropleth of open hazards per township or clustered counts."""

    kind: str = "choropleth"
    ramp: tuple[str, ...] = ()  # empty: riskmap.core.style.DEFAULT_RAMP
    classes: int = 5
    method: str = "jenks"


@dataclass(frozen=True)
class Style:
    color: str
    fill: str | None = None
    width: float = 1.0
    symbol: str = "o"
    size: float = 8.0
    levels: Mapping[str, str] = field(default_factory=dict)
    class_field: str | None = None
    classes: Mapping[str, str] = field(default_factory=dict)
    symbols: ScaleRange = ScaleRange()
    labels: ScaleRange = ScaleRange(0.0, 0.0)  # no labels unless the file says where
    label: LabelStyle | None = None
    aggregate: AggregateStyle | None = None


@dataclass(frozen=True)
class Regulator:
    code: str
    zh: str
    en: str


@dataclass(frozen=True)
class LayerSpec:
    key: str
    name_zh: str
    name_en: str
    geometry: str
    group: str
    order: int
    regulator: Regulator
    presets: tuple[str, ...]
    style: Style
    fields: tuple[FieldSpec, ...]
    description: str = ""
    path: Path | None = None

    def name(self, lang: str = "zh") -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en

    def field(self, key: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.key == key), None)


class Catalog(Mapping[str, LayerSpec]):
    """All layers, ordered by their drawing order (bottom first)."""

    def __init__(self, layers: list[LayerSpec]):
        ordered = sorted(layers, key=lambda spec: (spec.order, spec.key))
        self._layers = {spec.key: spec for spec in ordered}

    def __getitem__(self, key: str) -> LayerSpec:
        try:
            return self._layers[key]
        except KeyError:
            raise _unknown("catalog.unknown_layer", key, self._layers, layer=key) from None

    def __contains__(self, key: object) -> bool:
        return key in self._layers

    def get(self, key: str, default: LayerSpec | None = None) -> LayerSpec | None:  # type: ignore[override]
        return self._layers.get(key, default)

    def __iter__(self) -> Iterator[str]:
        return iter(self._layers)

    def __len__(self) -> int:
        return len(self._layers)

    def keys_checked(self, keys: list[str]) -> list[str]:
        """The given layer keys, each checked to exist (the CLI's --layers)."""
        return [self[k].key for k in keys]

    def for_preset(self, preset: str) -> list[LayerSpec]:
        return [spec for spec in self._layers.values() if preset in spec.presets]


def _unknown(code: str, word: str, options: Any, **params: Any) -> CatalogError:
    """`code`, or its `_close` variant naming the option `word` was probably meant to be."""
    close = difflib.get_close_matches(word, list(options), n=1)
    if close:
        return CatalogError.of(f"{code}_close", close=close[0], **params)
    return CatalogError.of(code, **params)


class _Checker:
    def __init__(self, path: Path):
        self.path = path

    def fail(self, key: str, code: str, **params: Any) -> CatalogError:
        """The error `code` (riskmap.messages.city) about `key` of this layer file."""
        return CatalogError.of(code, file=self.path.name, key=key, **params)

    def unknown(self, key: str, code: str, word: str, options: Any, **params: Any) -> CatalogError:
        return _unknown(code, word, options, file=self.path.name, key=key, **params)

    def no_unknown(self, table: Mapping[str, Any], allowed: set[str], where: str) -> None:
        for k in table:
            if k not in allowed:
                prefix = f"{where}." if where else ""
                raise self.unknown(f"{prefix}{k}", "catalog.unknown_key", k, allowed)

    def text(self, table: Mapping[str, Any], key: str, where: str, required: bool = True) -> str:
        value = table.get(key)
        name = f"{where}.{key}" if where else key
        if value is None:
            if required:
                raise self.fail(name, "catalog.missing")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(name, "catalog.not_text", value=value)
        return value

    def color(self, value: Any, name: str) -> str:
        if not isinstance(value, str) or not _COLOR_RE.match(value):
            raise self.fail(name, "catalog.not_colour", value=value)
        return value

    def number(self, value: Any, name: str, low: float, high: float) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(name, "catalog.not_number", value=value)
        if not low <= value <= high:
            raise self.fail(name, "catalog.out_of_range", low=low, high=high, value=value)
        return float(value)

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            raise self.fail(key, "catalog.missing_table" if value is None else "catalog.not_table")
        return value


def parse_layer(path: Path, data: Mapping[str, Any]) -> LayerSpec:
    """Validate one parsed TOML document; raise CatalogError naming file, key and problem."""
    c = _Checker(path)
    c.no_unknown(data, _TOP_KEYS, "")
    key = c.text(data, "key", "")
    if not _KEY_RE.match(key):
        raise c.fail("key", "catalog.key_case", value=key)
    if key != path.stem:
        raise c.fail("key", "catalog.key_not_file", value=key)

    names = c.table(data, "names")
    c.no_unknown(names, {"zh", "en"}, "names")
    name_zh, name_en = c.text(names, "zh", "names"), c.text(names, "en", "names")

    geometry = data.get("geometry")
    if geometry not in GEOMETRIES:
        raise c.fail("geometry", "catalog.one_of", choices=GEOMETRIES, value=geometry)
    group = data.get("group", "risk")
    if group not in GROUPS:
        raise c.fail("group", "catalog.one_of", choices=GROUPS, value=group)
    order = data.get("order", 100)
    if isinstance(order, bool) or not isinstance(order, int):
        raise c.fail("order", "catalog.not_integer", value=order)

    reg = c.table(data, "regulator")
    c.no_unknown(reg, _REGULATOR_KEYS, "regulator")
    regulator = Regulator(
        code=c.text(reg, "code", "regulator"),
        zh=c.text(reg, "zh", "regulator"),
        en=c.text(reg, "en", "regulator"),
    )

    presets = data.get("presets", [])
    if not isinstance(presets, list):
        raise c.fail("presets", "catalog.not_preset_list")
    for p in presets:
        if p not in PRESET_KEYS:
            raise c.unknown("presets", "catalog.unknown_preset", str(p), PRESET_KEYS, value=p)

    style = _parse_style(c, c.table(data, "style"))
    fields = _parse_fields(c, data.get("fields", []))
    if style.class_field and style.class_field not in {f.key for f in fields}:
        raise c.fail("style.class_field", "catalog.class_field", value=style.class_field)
    if style.label and style.label.field not in {NAME_FIELD, *(f.key for f in fields)}:
        raise c.fail("style.label.field", "catalog.class_field", value=style.label.field)
    description = data.get("description", "")
    if not isinstance(description, str):
        raise c.fail("description", "catalog.not_string")
    return LayerSpec(
        key=key,
        name_zh=name_zh,
        name_en=name_en,
        geometry=geometry,
        group=group,
        order=order,
        regulator=regulator,
        presets=tuple(presets),
        style=style,
        fields=fields,
        description=description,
        path=path,
    )


def _parse_style(c: _Checker, s: Mapping[str, Any]) -> Style:
    c.no_unknown(s, _STYLE_KEYS, "style")
    color = c.color(s.get("color"), "style.color")
    fill = c.color(s["fill"], "style.fill") if "fill" in s else None
    width = c.number(s.get("width", 1.0), "style.width", 0.0, 20.0)
    size = c.number(s.get("size", 8.0), "style.size", 1.0, 64.0)
    symbol = s.get("symbol", "o")
    if symbol not in SYMBOLS:
        raise c.fail("style.symbol", "catalog.one_of", choices=SYMBOLS, value=symbol)
    levels = s.get("levels", {})
    if not isinstance(levels, dict):
        raise c.fail("style.levels", "catalog.levels_table")
    for lvl, col in levels.items():
        if lvl not in HAZARD_LEVELS:
            raise c.unknown(f"style.levels.{lvl}", "catalog.unknown_level", lvl, HAZARD_LEVELS)
        c.color(col, f"style.levels.{lvl}")
    classes = s.get("classes", {})
    if not isinstance(classes, dict):
        raise c.fail("style.classes", "catalog.classes_table")
    for cls, col in classes.items():
        c.color(col, f"style.classes.{cls}")
    class_field = s.get("class_field")
    if class_field is not None and not isinstance(class_field, str):
        raise c.fail("style.class_field", "catalog.field_key")
    scale = s.get("scale", {})
    if not isinstance(scale, dict):
        raise c.fail("style.scale", "catalog.not_table")
    c.no_unknown(scale, _SCALE_KEYS, "style.scale")
    label = _parse_label(c, s["label"]) if "label" in s else None
    symbols = _scale_range(c, scale.get("symbols"), "style.scale.symbols", ScaleRange())
    labels = _scale_range(
        c, scale.get("labels"), "style.scale.labels", ScaleRange() if label else ScaleRange(0, 0)
    )
    aggregate = _parse_aggregate(c, s["aggregate"]) if "aggregate" in s else None
    return Style(
        color=color,
        fill=fill,
        width=width,
        symbol=symbol,
        size=size,
        levels=dict(levels),
        class_field=class_field,
        classes={str(k): v for k, v in classes.items()},
        symbols=symbols,
        labels=labels,
        label=label,
        aggregate=aggregate,
    )


def _scale_range(c: _Checker, raw: Any, name: str, default: ScaleRange) -> ScaleRange:
    """[low, high] scale denominators, low < high (e.g. [0, 250000]: 1:250,000 and closer)."""
    if raw is None:
        return default
    if not isinstance(raw, list) or len(raw) != 2:
        raise c.fail(name, "catalog.scale_range", value=raw)
    low = c.number(raw[0], name, 0.0, MAX_DENOMINATOR)
    high = c.number(raw[1], name, 0.0, MAX_DENOMINATOR)
    if not low < high:
        raise c.fail(name, "catalog.scale_range", value=raw)
    return ScaleRange(low, high)


def _parse_label(c: _Checker, raw: Any) -> LabelStyle:
    if not isinstance(raw, dict):
        raise c.fail("style.label", "catalog.not_table")
    c.no_unknown(raw, _LABEL_KEYS, "style.label")
    field_key = raw.get("field", NAME_FIELD)
    if not isinstance(field_key, str):
        raise c.fail("style.label.field", "catalog.field_key")
    priority = c.number(raw.get("priority", 50), "style.label.priority", 0, 100)
    halo = raw.get("halo", "#ffffff")
    if halo is not False:
        halo = c.color(halo, "style.label.halo")
    return LabelStyle(
        field=field_key,
        priority=int(priority),
        size=c.number(raw.get("size", 8.0), "style.label.size", 4.0, 36.0),
        color=c.color(raw.get("color", "#263238"), "style.label.color"),
        halo=halo or None,
    )


def _parse_aggregate(c: _Checker, raw: Any) -> AggregateStyle:
    if not isinstance(raw, dict):
        raise c.fail("style.aggregate", "catalog.not_table")
    c.no_unknown(raw, _AGGREGATE_KEYS, "style.aggregate")
    kind = raw.get("kind", "choropleth")
    if kind not in AGGREGATE_KINDS:
        raise c.fail("style.aggregate.kind", "catalog.one_of", choices=AGGREGATE_KINDS, value=kind)
    method = raw.get("method", "jenks")
    if method not in CLASSIFY_METHODS:
        raise c.fail(
            "style.aggregate.method", "catalog.one_of", choices=CLASSIFY_METHODS, value=method
        )
    ramp = raw.get("ramp", [])
    if not isinstance(ramp, list):
        raise c.fail("style.aggregate.ramp", "catalog.not_list")
    colors = tuple(c.color(v, f"style.aggregate.ramp[{i}]") for i, v in enumerate(ramp))
    if colors and len(colors) < 2:
        raise c.fail("style.aggregate.ramp", "catalog.out_of_range", low=2, high=9, value=1)
    k = c.number(raw.get("classes", len(colors) or 5), "style.aggregate.classes", 2, 9)
    if isinstance(raw.get("classes"), float):
        raise c.fail("style.aggregate.classes", "catalog.not_integer", value=raw["classes"])
    return AggregateStyle(kind=kind, ramp=colors, classes=int(k), method=method)


def _parse_fields(c: _Checker, raw: Any) -> tuple[FieldSpec, ...]:
    if not isinstance(raw, list):
        raise c.fail("fields", "catalog.fields_array")
    out: list[FieldSpec] = []
    seen: set[str] = set()
    for i, f in enumerate(raw):
        where = f"fields[{i}]"
        if not isinstance(f, dict):
            raise c.fail(where, "catalog.not_table")
        c.no_unknown(f, _FIELD_KEYS, where)
        key = c.text(f, "key", where)
        if not _KEY_RE.match(key):
            raise c.fail(f"{where}.key", "catalog.key_case", value=key)
        if key in seen:
            raise c.fail(f"{where}.key", "catalog.duplicate_field", value=key)
        seen.add(key)
        ftype = f.get("type", "str")
        if ftype not in FIELD_TYPES:
            raise c.fail(f"{where}.type", "catalog.one_of", choices=FIELD_TYPES, value=ftype)
        choices = f.get("choices", [])
        if not isinstance(choices, list):
            raise c.fail(f"{where}.choices", "catalog.not_list")
        if ftype == "enum" and not choices:
            raise c.fail(f"{where}.choices", "catalog.enum_choices")
        required = f.get("required", False)
        people = f.get("people", False)
        if not isinstance(required, bool) or not isinstance(people, bool):
            raise c.fail(
                where, "catalog.flags", flags=Words("required and people", "required、people")
            )
        out.append(
            FieldSpec(
                key=key,
                type=ftype,
                zh=c.text(f, "zh", where),
                en=c.text(f, "en", where),
                choices=tuple(choices),
                required=required,
                unit=c.text(f, "unit", where, required=False),
                people=people,
            )
        )
    return tuple(out)


def load_layer(path: Path) -> LayerSpec:
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError.of(
            "catalog.not_utf8", file=path.name, detail=exc.reason, byte=exc.start
        ) from None
    except OSError as exc:
        raise CatalogError.of(
            "catalog.cannot_read", file=path.name, detail=os_reason(exc)
        ) from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        # tomllib says where in English only: "… (at line 3, column 7)"
        at = re.search(r"at line (\d+), column (\d+)", str(exc))
        if at:
            raise CatalogError.of(
                "catalog.toml_syntax_at",
                file=path.name,
                detail=str(exc),
                line=int(at[1]),
                column=int(at[2]),
            ) from None
        raise CatalogError.of("catalog.toml_syntax", file=path.name, detail=str(exc)) from None
    return parse_layer(path, data)


def load_catalog(directory: Path | None = None) -> Catalog:
    """Every *.toml in `directory` (default: the project's layers/) as a validated Catalog."""
    if directory is None:
        from riskmap.paths import layers_dir

        directory = layers_dir()
    files = sorted(Path(directory).glob("*.toml"))
    if not files:
        raise CatalogError.of("catalog.no_files", folder=directory)
    return Catalog([load_layer(p) for p in files])
