"""Which column of the file fills which field of the layer, and the cells as field values.

`plan_import` matches columns to the layer's fields by key, Chinese or English name (and by a
shapefile's 10-character cut of the key), plus the site's own name, address and a source id;
the user's mapping wins. `convert` then turns every cell into its field's type and reports
each one that cannot be (with the spreadsheet row), a missing required value, and duplicate ids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from riskmap.core.catalog import Catalog, FieldSpec, LayerSpec
from riskmap.errors import RiskmapError
from riskmap.io.importer.coords import norm_header
from riskmap.io.importer.report import Bad, Problem
from riskmap.io.importer.source import FeatureSource
from riskmap.io.importer.values import CONVERTERS, blank, text
from riskmap.messages import Words

# The site's own columns (not layer fields) and the headers that name them.
NAME = "name"
ADDRESS = "address"
SOURCE_ID = "source_id"
SITE_COLUMNS: dict[str, tuple[str, ...]] = {
    NAME: ("name", "名称", "单位名称", "企业名称", "场所名称", "名字", "站名", "点名", "title"),
    ADDRESS: ("address", "地址", "详细地址", "addr", "所在地址", "地点", "位置"),
    SOURCE_ID: ("id", "编号", "sourceid", "source_id", "原编号", "code", "代码", "uid"),
}
SITE_LABELS = {NAME: ("名称", "name"), ADDRESS: ("地址", "address"), SOURCE_ID: ("编号", "id")}
NAME_LIMIT, ADDRESS_LIMIT = 128, 256  # the sites table's column sizes
_SKIP = frozenset({"", "-", "ignore", "skip", "忽略"})
SHAPEFILE_NAME = 10  # a .dbf field name holds at most 10 bytes


@dataclass
class ImportPlan:
    """The columns that fill a layer: the site's name, address and source id, and its fields."""

    layer: LayerSpec
    name_column: str | None
    address_column: str | None
    id_column: str | None
    fields: dict[str, str]  # field key → column
    ignored: list[str]  # columns of the file that fill nothing
    missing_required: list[str] = field(default_factory=list)  # field keys without a column

    @property
    def ok(self) -> bool:
        return self.name_column is not None and not self.missing_required

    def check(self) -> None:
        """RiskmapError naming what is missing, when the plan cannot import."""
        if self.name_column is None:
            raise RiskmapError.of("import.no_name_column")
        if self.missing_required:
            fields = [self.layer.field(k) for k in self.missing_required]  # type: ignore[union-attr]
            need = [Words(f"{f.key} ({f.zh})", f.zh) for f in fields]  # type: ignore[union-attr]
            raise RiskmapError.of("import.required_unmapped", layer=self.layer.key, need=need)

    def rows(self, lang: str = "zh") -> list[tuple[str, str, str]]:
        """(target key, label, column or '') for the dialog's mapping table."""
        zh = lang.startswith("zh")
        out = []
        for key, col in (
            (NAME, self.name_column),
            (ADDRESS, self.address_column),
            (SOURCE_ID, self.id_column),
        ):
            out.append((key, SITE_LABELS[key][0 if zh else 1], col or ""))
        for f in self.layer.fields:
            out.append((f.key, f.zh if zh else f.en, self.fields.get(f.key, "")))
        return out


def _targets(layer: LayerSpec) -> dict[str, str]:
    """Normalised word → target key (site columns and the layer's fields)."""
    out: dict[str, str] = {}
    for f in layer.fields:
        for word in (f.key, f.zh, f.en):
            out.setdefault(norm_header(word), f.key)
    for key, words in SITE_COLUMNS.items():
        for word in words:
            out.setdefault(norm_header(word), key)
    return out


def _abbreviates(column: str, key: str) -> bool:
    """'threa_peop' abbreviates 'threatened_people': same first letter, letters in order."""
    if len(column) < 4 or column[0] != key[0]:
        return False
    rest = iter(key)
    return all(ch in rest for ch in column)


def _shapefile_cut(column: str, layer: LayerSpec) -> str | None:
    """A field whose key or Chinese name the column is the start of, cut to a .dbf field
    name's 10 bytes ('hazard_cla', '重大危险源' in GBK, '重大危' in UTF-8)."""
    sizes = (len(column.encode("utf-8")), len(column.encode("gb18030", "replace")))
    hits: set[str] = set()
    if len(column) >= 3 and any(SHAPEFILE_NAME - 2 <= n <= SHAPEFILE_NAME for n in sizes):
        hits = {
            f.key
            for f in layer.fields
            for word in (f.key, f.zh)
            if len(word) > len(column) and word.startswith(column)
        }
    if len(hits) == 1:
        return hits.pop()
    low = column.lower()
    if low.isascii() and len(low) <= SHAPEFILE_NAME and not hits:
        # Keys cut to 10 letters part by part (riskmap.io.export does this; people too).
        abbr = [f.key for f in layer.fields if _abbreviates(low, f.key)]
        if len(abbr) == 1:
            return abbr[0]
    return None


def plan_import(
    source: FeatureSource,
    catalog: Catalog,
    layer_key: str,
    mapping: dict[str, str] | None = None,
) -> ImportPlan:
    """Match the file's columns to the layer. `mapping` is {field or 名称/地址/编号: column};
    an empty column (or "ignore") leaves that field unfilled. RiskmapError for a mapping that
    names an unknown field or a column the file does not have."""
    layer = catalog[layer_key]
    words = _targets(layer)
    columns = list(source.columns)
    chosen: dict[str, str | None] = {}
    for target, col in (mapping or {}).items():
        key = words.get(norm_header(target))
        if key is None:
            known = [NAME, ADDRESS, SOURCE_ID, *(f.key for f in layer.fields)]
            raise RiskmapError.of("import.no_field", layer=layer.key, field=target, fields=known)
        if col is None or str(col).strip().lower() in _SKIP:
            chosen[key] = None
            continue
        if col not in source.columns:
            match = [c for c in columns if norm_header(c) == norm_header(col)]
            if not match:
                raise RiskmapError.of(
                    "import.no_source_column", target=target, column=col, columns=columns
                )
            col = match[0]
        chosen[key] = col
    used = {c for c in chosen.values() if c is not None}
    for col in columns:
        if col in used:
            continue
        key = words.get(norm_header(col))
        if key is None and source.format == "ESRI Shapefile":
            key = _shapefile_cut(col, layer)
        if key is not None and key not in chosen:
            chosen[key] = col
            used.add(col)
    fields = {f.key: chosen[f.key] for f in layer.fields if chosen.get(f.key)}
    return ImportPlan(
        layer=layer,
        name_column=chosen.get(NAME),
        address_column=chosen.get(ADDRESS),
        id_column=chosen.get(SOURCE_ID),
        fields=fields,  # type: ignore[arg-type]
        ignored=[c for c in columns if c not in used],
        missing_required=[f.key for f in layer.fields if f.required and f.key not in fields],
    )


@dataclass
class Converted:
    """The cells as site values; `bad[i]` lists the problems of feature i."""

    names: list[str | None]
    addresses: list[str]
    attrs: dict[str, list[Any]]  # field key → values (None: not given)
    source_ids: list[str | None]
    problems: list[Problem]


def _column_values(col: np.ndarray, conv: Any, f: FieldSpec) -> tuple[list[Any], dict[int, Bad]]:
    """Convert one column; numeric columns of the right kind skip the per-cell conversion."""
    bad: dict[int, Bad] = {}
    if col.dtype != object:
        if f.type in ("int", "float") and col.dtype.kind in "iu":
            return col.tolist(), bad
        if f.type == "float" and col.dtype.kind == "f":
            return [None if v != v else v for v in col.tolist()], bad
        col = col.astype(object)
    texts: dict[str, Any] = {}  # the common case, text cells, keyed by the text alone
    cache: dict[tuple[type, Any], Any] = {}
    out: list[Any] = []
    for i, v in enumerate(col.tolist()):
        if type(v) is str:
            hit = texts.get(v, texts)
            if hit is not texts:
                out.append(hit)
                continue
            if not v.strip():
                texts[v] = None
                out.append(None)
                continue
            try:
                texts[v] = hit = conv(v)
            except Bad as problem:
                bad[i] = problem
                hit = None
            out.append(hit)
            continue
        if blank(v):
            out.append(None)
            continue
        key = (type(v), v)
        try:
            hit = cache.get(key, cache)
        except TypeError:  # unhashable cell (a list from GDAL): convert without the cache
            hit, key = cache, None  # type: ignore[assignment]
        if hit is cache:
            try:
                hit = conv(v)
            except Bad as problem:
                bad[i] = problem
                hit = None
            if key is not None and i not in bad:
                cache[key] = hit
        out.append(hit)
    return out, bad


def convert(source: FeatureSource, plan: ImportPlan) -> Converted:
    """Every mapped cell as its field's value, and every cell that cannot be one."""
    n = source.count
    problems: list[Problem] = []

    def problem(i: int, column: str, bad: Bad) -> None:
        problems.append(Problem(i + 1, source.row_of(i), column, bad.zh, bad.en))

    names: list[str | None] = [None] * n
    if plan.name_column is not None:
        raw = source.columns[plan.name_column].tolist()
        if all(type(v) is str for v in raw):
            # Text names (nearly always): strip in one pass, look closer only at the odd ones.
            names = [v.strip() for v in raw]  # type: ignore[misc]
            odd = [i for i, v in enumerate(names) if not v or len(v) > NAME_LIMIT]  # type: ignore[arg-type]
        else:
            odd = range(n)  # type: ignore[assignment]
        for i in odd:
            v = raw[i]
            names[i] = None
            if blank(v):
                problem(i, plan.name_column, Bad("名称为空", "the name is empty"))
                continue
            s = text(v)
            if len(s) > NAME_LIMIT:
                problem(
                    i,
                    plan.name_column,
                    Bad(f"名称超过 {NAME_LIMIT} 个字", f"the name is over {NAME_LIMIT} characters"),
                )
                continue
            names[i] = s
    addresses = [""] * n
    if plan.address_column is not None:
        for i, v in enumerate(source.columns[plan.address_column].tolist()):
            s = "" if blank(v) else text(v)
            if len(s) > ADDRESS_LIMIT:
                problem(
                    i,
                    plan.address_column,
                    Bad(
                        f"地址超过 {ADDRESS_LIMIT} 个字",
                        f"the address is over {ADDRESS_LIMIT} characters",
                    ),
                )
            addresses[i] = s
    attrs: dict[str, list[Any]] = {}
    for f in plan.layer.fields:
        col_name = plan.fields.get(f.key)
        if col_name is None:
            continue
        values, bad = _column_values(source.columns[col_name], CONVERTERS[f.type](f), f)
        for i, b in bad.items():
            problem(i, col_name, b)
        if f.required:
            for i, v in enumerate(values):
                if v is None and i not in bad:
                    problem(
                        i, col_name, Bad(f"{f.zh}为必填项，不能为空", f"{f.en.lower()} is required")
                    )
        attrs[f.key] = values
    source_ids: list[str | None] = [None] * n
    if plan.id_column is not None:
        raw = source.columns[plan.id_column].tolist()
        source_ids = [None if blank(v) else text(v) for v in raw]
        problems += _duplicates(source, plan.id_column, source_ids)
    return Converted(names, addresses, attrs, source_ids, problems)


def _duplicates(source: FeatureSource, column: str, ids: list[str | None]) -> list[Problem]:
    where: dict[str, list[int]] = defaultdict(list)
    for i, v in enumerate(ids):
        if v is not None:
            where[v].append(i)
    out = []
    for v, idx in where.items():
        if len(idx) < 2:
            continue
        places = [source.row_of(i) or i + 1 for i in idx]
        shown = ", ".join(str(p) for p in places[:10]) + ("…" if len(places) > 10 else "")
        unit_zh = "行" if source.rows is not None else "个要素"
        unit_en = "rows" if source.rows is not None else "features"
        for i in idx:
            out.append(
                Problem(
                    i + 1,
                    source.row_of(i),
                    column,
                    f"编号「{v}」重复（第 {shown} {unit_zh}）",
                    f"id {v!r} is not unique ({unit_en} {shown})",
                )
            )
    return out
