"""What an import found and did: the problems by Excel row and column, and the counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskmap.errors import RiskmapError


@dataclass(frozen=True)
class Problem:
    """One reason a row cannot be imported."""

    row: int  # the Excel row number the user sees
    column: str  # the column's header as it is in the file
    reason: str  # Chinese, for the users
    reason_en: str

    def text(self, lang: str = "zh") -> str:
        if lang.startswith("zh"):
            return f"第 {self.row} 行「{self.column}」：{self.reason}"
        return f"row {self.row}, {self.column}: {self.reason_en}"


@dataclass
class ImportReport:
    """What an import did (or, with problems or dry_run, would do)."""

    path: str
    sheet: str = ""
    header_row: int = 0
    rows: int = 0  # data rows read (blank rows not counted)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self, lang: str = "zh") -> str:
        zh = lang.startswith("zh")
        if self.problems:
            n = len(self.problems)
            nrows = len({p.row for p in self.problems})
            if zh:
                return f"发现 {n} 个问题（涉及 {nrows} 行），未写入任何数据。"
            return f"{n} problems in {nrows} rows; nothing was written."
        counts = (self.created, self.updated, self.unchanged)
        if zh:
            verb = "检查通过（试运行，未写入）：将" if self.dry_run else "已导入："
            return f"{verb}新增 {counts[0]} 条，更新 {counts[1]} 条，未变 {counts[2]} 条。"
        verb = "Dry run, nothing written: would create" if self.dry_run else "Imported: created"
        return f"{verb} {counts[0]}, updated {counts[1]}, unchanged {counts[2]}."

    def to_text(self, lang: str = "zh") -> str:
        zh = lang.startswith("zh")
        if zh:
            head = (
                f"隐患台账导入 {self.path}（工作表「{self.sheet}」，表头在第 {self.header_row} 行，"
                f"{self.rows} 行数据）"
            )
        else:
            head = (
                f"Ledger import {self.path} (sheet {self.sheet!r}, header on row "
                f"{self.header_row}, {self.rows} data rows)"
            )
        lines = [head, self.summary(lang)]
        lines += ["  " + p.text(lang) for p in self.problems]
        if self.ignored_columns:
            cols = "、".join(self.ignored_columns) if zh else ", ".join(self.ignored_columns)
            lines.append(f"忽略的列：{cols}" if zh else f"Ignored columns: {cols}")
        return "\n".join(lines)

    def write(self, path: str | Path) -> Path:
        """Save the report as CSV or XLSX (by the suffix) for the user to work through."""
        from riskmap.io.tables import write_csv, write_xlsx

        path = Path(path)
        headers = ("行号", "列", "问题", "Problem")
        rows: list[tuple[Any, ...]] = [
            (p.row, p.column, p.reason, p.reason_en) for p in self.problems
        ]
        if not rows:
            rows = [("", "", self.summary("zh"), self.summary("en"))]
        suffix = path.suffix.lower()
        if suffix == ".csv":
            return write_csv(path, headers, rows)
        if suffix == ".xlsx":
            return write_xlsx(path, {"导入问题": (headers, rows)})
        raise RiskmapError(f"save the report as .csv or .xlsx, not {path.suffix or 'no suffix'}")
