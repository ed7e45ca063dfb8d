"""What an import found and did: the problems by Excel row and column, and the counts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from riskmap.core.history import HistoryEntry, describe_change
from riskmap.errors import RiskmapError
from riskmap.io.ledger_xlsx.columns import CHANGE_ZH, FIELD_ZH
from riskmap.messages import Words


@dataclass(frozen=True)
class Problem:
    """One reason a row cannot be imported."""

    row: int  # the Excel row number the user sees
    column: str  # the column's header as it is in the file
    reason: str  # Chinese, for the users
    reason_en: str
    # A named ledger's site or unit not found, or found several times: the closest names (or
    # the namesakes), as the user tells them apart, for correcting the file.
    candidates: tuple[str, ...] = ()

    def text(self, lang: str = "zh") -> str:
        if lang.startswith("zh"):
            return f"第 {self.row} 行「{self.column}」：{self.reason}"
        return f"row {self.row}, {self.column}: {self.reason_en}"


@dataclass(frozen=True)
class Conflict:
    """A row someone changed in the database after the file was exported, which the file
    would change back: who changed what and when (the audit events since the export)."""

    row: int  # the Excel row number
    table: str  # hazards | rectifications
    row_id: int
    hazard_id: int
    fields: tuple[str, ...]  # the fields where the file differs from the database
    changes: tuple[HistoryEntry, ...]  # since the export, oldest first
    people: Mapping[str, str] = field(default_factory=dict)  # user name → display name

    def text(self, lang: str = "zh") -> str:
        zh = lang.startswith("zh")
        deleted = any(e.action == "delete" for e in self.changes)
        if zh:
            what = (
                f"隐患 {self.hazard_id}"
                if self.table == "hazards"
                else f"隐患 {self.hazard_id} 的整改"
            )
            lines = [f"第 {self.row} 行：{what}在导出后已被修改"]
            if not deleted:
                names = "、".join(FIELD_ZH.get(k, k) for k in self.fields)
                lines[0] += f"，本文件中的「{names}」与数据库不同"
        else:
            what = (
                f"hazard {self.hazard_id}"
                if self.table == "hazards"
                else f"the rectification of hazard {self.hazard_id}"
            )
            lines = [f"row {self.row}: {what} changed after the export"]
            if not deleted:
                lines[0] += f"; the file differs in {', '.join(self.fields)}"
        for e in self.changes:
            who = self.people.get(e.user, e.user)
            at = f"{e.at_local:%Y-%m-%d %H:%M}"
            if zh:
                lines.append(f"    {who} 于 {at}：{describe_change(e.before, e.after, CHANGE_ZH)}")
            else:
                lines.append(f"    {who} at {at}: {describe_change(e.before, e.after)}")
        if not self.changes:
            lines.append("    （审计记录中没有这次修改）" if zh else "    (not in the audit trail)")
        return "\n".join(lines)


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
    # Rows changed in the database since the export that the file would change.
    conflicts: list[Conflict] = field(default_factory=list)
    # The database the file was exported from, when it is not this one ("?": unknown).
    foreign: str = ""
    forced: bool = False  # conflicts and a foreign file overwrite, on the user's word
    versioned: bool = True  # False: the file has no versions (only adds rows, fills blanks)
    notices: list[Problem] = field(default_factory=list)  # what was kept, not refused
    # A named ledger's missing sites and units, created with the rows (missing.NewSite/NewUnit;
    # their ids are negative: the database gives the real ones).
    new_sites: list[Any] = field(default_factory=list)
    new_units: list[Any] = field(default_factory=list)
    creatable: bool = False  # some problems name sites or units that could be created
    # (datum, metres): the file's lon/lat look copied from Amap (gcj02) or Baidu (bd09), that
    # far from the sites of their names; nothing is checked or written until the user says.
    offset: tuple[str, float] | None = None
    datum: str | None = None  # how the import was told to read the lon/lat (None: not told)

    @property
    def blocked(self) -> bool:
        """Refused for conflicts or another database's file, which forcing would write, or for
        lon/lat that look offset, until the user says how to read them."""
        return (bool(self.conflicts or self.foreign) and not self.forced) or bool(self.offset)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.blocked

    def summary(self, lang: str = "zh") -> str:
        zh = lang.startswith("zh")
        if self.problems:
            n = len(self.problems)
            nrows = len({p.row for p in self.problems})
            if zh:
                return f"发现 {n} 个问题（涉及 {nrows} 行），未写入任何数据。"
            return f"{n} problems in {nrows} rows; nothing was written."
        if self.blocked:
            return self._blocked_summary(zh)
        counts = (self.created, self.updated, self.unchanged)
        if zh:
            verb = "检查通过（试运行，未写入）：将" if self.dry_run else "已导入："
            return f"{verb}新增 {counts[0]} 条，更新 {counts[1]} 条，未变 {counts[2]} 条。"
        verb = "Dry run, nothing written: would create" if self.dry_run else "Imported: created"
        return f"{verb} {counts[0]}, updated {counts[1]}, unchanged {counts[2]}."

    def _blocked_summary(self, zh: bool) -> str:
        if self.offset:
            datum, metres = self.offset
            name = {"gcj02": ("GCJ-02", "高德"), "bd09": ("BD-09", "百度")}[datum]
            if zh:
                return (
                    f"经纬度看起来是{name[0]}（{name[1]}地图）坐标，与同名风险点相差约 "
                    f"{metres:.0f} 米；未写入任何数据。"
                )
            return (
                f"The lon/lat look like {name[0]} ({'Amap' if datum == 'gcj02' else 'Baidu'}), "
                f"~{metres:.0f} m from the sites of their names; nothing was written."
            )
        if self.foreign:
            if zh:
                return "本文件不是从当前数据库导出的，未写入任何数据。"
            return "This file was not exported from this database; nothing was written."
        n = len({c.hazard_id for c in self.conflicts})
        if zh:
            return f"{n} 条隐患在导出后已被他人修改，本文件会覆盖这些修改，未写入任何数据。"
        return (
            f"{n} hazards were changed by others after the export and the file would undo "
            "that; nothing was written."
        )

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
        if self.foreign:
            lines.append(
                ("  导出本文件的数据库标识：" if zh else "  The file's database id: ")
                + (self.foreign if self.foreign != "?" else ("缺失" if zh else "missing"))
            )
        if self.forced and (self.conflicts or self.foreign) and not self.problems:
            lines.append(
                "  按您的确认强制覆盖（已记入审计日志）："
                if zh
                else "  Overwritten on your word (recorded in the audit trail):"
            )
        if not self.problems:
            lines += self._created(zh)
        lines += ["  " + c.text(lang) for c in self.conflicts]
        lines += ["  " + p.text(lang) for p in self.notices]
        if not self.versioned:
            lines.append(
                "本文件没有导出版本号（不是从本系统导出的台账）：只新增隐患、填写空白项，不覆盖已有内容。"
                if zh
                else "The file has no export versions: it only adds rows and fills blank fields."
            )
        if self.ignored_columns:
            cols = "、".join(self.ignored_columns) if zh else ", ".join(self.ignored_columns)
            lines.append(f"忽略的列：{cols}" if zh else f"Ignored columns: {cols}")
        return "\n".join(lines)

    def _created(self, zh: bool) -> list[str]:
        """The units and sites the import creates (or, dry run, would)."""
        out = []
        will = self.dry_run or not self.written
        if self.new_units:
            names = [u.name for u in self.new_units]
            if zh:
                out.append(
                    f"{'将新建' if will else '新建'}责任单位 {len(names)} 个：{'、'.join(names)}"
                )
            else:
                out.append(
                    f"{'Would create' if will else 'Created'} {len(names)} units: "
                    + ", ".join(names)
                )
        if self.new_sites:
            names = [s.name for s in self.new_sites]
            layers = sorted({s.layer for s in self.new_sites})
            if zh:
                from riskmap.core.catalog import load_catalog

                catalog = load_catalog()
                shown = [spec.name_zh if (spec := catalog.get(k)) else k for k in layers]
                out.append(
                    f"{'将新建' if will else '新建'}风险点 {len(names)} 个"
                    f"（图层「{'」「'.join(shown)}」）：{'、'.join(names)}"
                )
            else:
                out.append(
                    f"{'Would create' if will else 'Created'} {len(names)} sites "
                    f"(layer {', '.join(layers)}): " + ", ".join(names)
                )
            guessed = [s.name for s in self.new_sites if s.placed == "township"]
            if guessed:
                out.append(
                    f"  其中 {len(guessed)} 个没有经纬度，暂放在所属镇办中部，请在地图上核对位置："
                    + "、".join(guessed)
                    if zh
                    else f"  {len(guessed)} of them have no lon/lat and sit at their township's "
                    "centre; check them on the map: " + ", ".join(guessed)
                )
        return out

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
        raise RiskmapError.of(
            "ledger_file.report_suffix", format=path.suffix or Words("no suffix", "无扩展名")
        )
