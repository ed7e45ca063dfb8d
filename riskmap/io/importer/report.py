"""What an import found and did: rejected and repaired features with their row numbers.

A feature is named by its number in the source (1-based, in file order) and, for CSV and XLSX,
by the spreadsheet row the user sees; every reason comes in Chinese (for the users) and English
(for logs and the English UI).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskmap.errors import RiskmapError
from riskmap.messages import note_text, os_reason

# The text report lists this many problems per reason; the saved CSV/XLSX lists them all.
TEXT_LIMIT = 20


class SourceError(RiskmapError):
    """A file cannot be read as a whole (missing part, damaged, empty, wrong header)."""


class ImportCancelled(RiskmapError):
    """The user cancelled; the transaction was rolled back and nothing was written."""


class Bad(Exception):
    """One value or geometry that cannot be imported, with the reason in both languages."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Problem:
    """One reason a feature is rejected, or one repair made to it."""

    feature: int  # 1-based number in the source
    row: int | None  # spreadsheet row (CSV/XLSX), else None
    column: str  # the column or field concerned, or "geometry"
    reason: str  # Chinese
    reason_en: str

    def where(self, lang: str = "zh") -> str:
        if lang.startswith("zh"):
            place = f"第 {self.row} 行" if self.row is not None else f"第 {self.feature} 个要素"
            return f"{place}「{self.column}」" if self.column else place
        place = f"row {self.row}" if self.row is not None else f"feature {self.feature}"
        return f"{place}, {self.column}" if self.column else place

    def text(self, lang: str = "zh") -> str:
        if lang.startswith("zh"):
            return f"{self.where(lang)}：{self.reason}"
        return f"{self.where(lang)}: {self.reason_en}"


@dataclass
class ImportReport:
    """What an import did or, when it was refused or a dry run, would do."""

    path: str
    layer: str  # the riskmap layer (or "districts")
    source_layer: str = ""  # the file's layer or sheet
    features: int = 0  # features read from the source
    imported: int = 0  # features written (or, in a dry run, that would be)
    rejected: list[Problem] = field(default_factory=list)
    repaired: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # English: CRS, datum, encoding decisions
    outside: int = 0  # features outside every township (no district)
    site_ids: tuple[int, int] | None = None  # first and last new site id
    dry_run: bool = False
    written: bool = False
    skipped_rejected: bool = False  # the rejected features were left out by request
    # Re-import (riskmap.io.importer.update): the source's name and how its features fared.
    source: str = ""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    gone: list[tuple[str, str]] = field(default_factory=list)  # (source id, name)
    deleted: int = 0  # of the gone, deleted as asked

    @property
    def ok(self) -> bool:
        return not self.rejected or self.skipped_rejected

    @property
    def rejected_features(self) -> int:
        return len({p.feature for p in self.rejected})

    @property
    def repaired_features(self) -> int:
        return len({p.feature for p in self.repaired})

    def reasons(self, lang: str = "zh") -> list[tuple[str, int]]:
        """Each distinct rejection reason with its number of features, most frequent first."""
        zh = lang.startswith("zh")
        seen: dict[str, set[int]] = {}
        for p in self.rejected:
            seen.setdefault(p.reason if zh else p.reason_en, set()).add(p.feature)
        return sorted(((r, len(f)) for r, f in seen.items()), key=lambda t: (-t[1], t[0]))

    def summary(self, lang: str = "zh") -> str:
        zh = lang.startswith("zh")
        rep = self.repaired_features
        if self.rejected and not self.skipped_rejected:
            n = self.rejected_features
            if zh:
                return f"{self.features} 个要素中有 {n} 个无法导入，未写入任何数据。"
            return f"{n} of {self.features} features cannot be imported; nothing was written."
        if zh:
            verb = "检查通过（试运行，未写入）：将导入" if self.dry_run else "已导入"
            text = f"{verb} {self.imported} 个要素"
            if rep:
                text += f"，其中 {rep} 个几何已修复"
            if self.skipped_rejected and self.rejected:
                text += f"，按要求略过 {self.rejected_features} 个有问题的要素"
            return text + self._fate("zh") + "。"
        verb = "Dry run, nothing written: would import" if self.dry_run else "Imported"
        text = f"{verb} {self.imported} features"
        if rep:
            text += f", {rep} with repaired geometries"
        if self.skipped_rejected and self.rejected:
            text += f"; {self.rejected_features} rejected features left out as asked"
        return text + self._fate("en") + "."

    def _fate(self, lang: str) -> str:
        """How the source's features fared against what it imported before."""
        if not self.source:
            return ""
        gone = len(self.gone)
        if lang == "zh":
            text = (
                f"（来源「{self.source}」：新增 {self.added} 个，更新 {self.updated} 个，"
                f"未变 {self.unchanged} 个"
            )
            if gone and self.deleted:
                text += f"；上次导入、本次文件中已没有的 {gone} 个已按要求删除"
            elif gone:
                text += f"；上次导入、本次文件中已没有的 {gone} 个仍保留在库中"
            return text + "）"
        text = (
            f" (source {self.source!r}: {self.added} added, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
        if gone and self.deleted:
            text += f"; {gone} gone from the source, deleted as asked"
        elif gone:
            text += f"; {gone} gone from the source, kept in the database"
        return text + ")"

    def to_text(self, lang: str = "zh") -> str:
        zh = lang.startswith("zh")
        src = f"（{self.source_layer}）" if zh and self.source_layer else ""
        if not zh and self.source_layer:
            src = f" ({self.source_layer})"
        head = (
            f"导入 {self.path}{src} → {self.layer}，读取 {self.features} 个要素"
            if zh
            else f"Import {self.path}{src} into {self.layer}: {self.features} features read"
        )
        lines = [head, self.summary(lang)]
        if self.rejected:
            lines.append("问题：" if zh else "Problems:")
            for reason, n in self.reasons(lang):
                lines.append(f"  {reason}（{n} 个）" if zh else f"  {reason} ({n})")
            by_reason = Counter[str]()
            shown = 0
            for p in self.rejected:
                key = p.reason_en
                by_reason[key] += 1
                if by_reason[key] <= TEXT_LIMIT:
                    lines.append("    " + p.text(lang))
                    shown += 1
            if shown < len(self.rejected):
                more = len(self.rejected) - shown
                lines.append(
                    f"    另有 {more} 条未列出（见保存的报告）"
                    if zh
                    else f"    {more} more not listed (save the report to see all)"
                )
        if self.repaired:
            lines.append("已修复：" if zh else "Repaired:")
            lines += ["    " + p.text(lang) for p in self.repaired[: TEXT_LIMIT * 5]]
        if self.gone:
            fate = ("已删除", "deleted") if self.deleted else ("仍保留在库中", "kept")
            lines.append(
                f"来源中已没有（{fate[0]}）：" if zh else f"Gone from the source ({fate[1]}):"
            )
            for sid, name in self.gone[:TEXT_LIMIT]:
                lines.append(f"    编号 {sid}：{name}" if zh else f"    id {sid}: {name}")
            if len(self.gone) > TEXT_LIMIT:
                more = len(self.gone) - TEXT_LIMIT
                lines.append(f"    另有 {more} 个未列出" if zh else f"    {more} more not listed")
        if self.outside:
            lines.append(
                f"{self.outside} 个要素不在任何镇办范围内，未关联行政区。"
                if zh
                else f"{self.outside} features lie outside every township and have no district."
            )
        lines += [f"注：{note_text(n, 'zh')}" if zh else f"Note: {n}" for n in self.notes]
        return "\n".join(lines)

    def table(self) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
        """Every rejection and repair as rows (the saved report's one sheet)."""
        headers = ("要素序号", "行号", "列", "处理", "原因", "Reason")
        rows: list[tuple[Any, ...]] = [
            (
                p.feature,
                p.row if p.row is not None else "",
                p.column,
                "未导入",
                p.reason,
                p.reason_en,
            )
            for p in self.rejected
        ]
        rows += [
            (
                p.feature,
                p.row if p.row is not None else "",
                p.column,
                "已修复",
                p.reason,
                p.reason_en,
            )
            for p in self.repaired
        ]
        rows.sort(key=lambda r: r[0])
        if not rows:
            rows = [("", "", "", "", self.summary("zh"), self.summary("en"))]
        return headers, rows

    def write(self, path: str | Path) -> Path:
        """Save the report as text, CSV or XLSX, chosen by the suffix."""
        from riskmap.io.tables import write_csv, write_xlsx

        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".txt":
            from riskmap.atomic import write_text_atomic

            text = self.to_text("zh") + "\n\n" + self.to_text("en") + "\n"
            try:
                return write_text_atomic(path, text)
            except OSError as exc:
                raise RiskmapError.of(
                    "import.report_write", path=path, detail=os_reason(exc)
                ) from None
        headers, rows = self.table()
        if suffix == ".csv":
            return write_csv(path, headers, rows)
        if suffix == ".xlsx":
            return write_xlsx(path, {"导入报告": (headers, rows)})
        raise RiskmapError.of("import.report_suffix", path=path.name)
