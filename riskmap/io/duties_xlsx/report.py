"""What an import read, wrote, skipped and refused, each bad row by sheet and Excel row."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class RowProblem:
    sheet: str
    row: int  # the Excel row number
    reason: str

    def __str__(self) -> str:
        return f"{self.sheet} 第{self.row}行：{self.reason}"


@dataclass
class DutyImportReport:
    """What an import read, wrote, skipped and refused."""

    path: Path
    kinds: tuple[str, ...] = ()  # the lists the file holds
    rows: int = 0
    created: int = 0
    deleted: int = 0
    skipped: list[RowProblem] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    replace: bool = False
    dry_run: bool = False
    written: bool = False
    about: dict[str, str] = field(default_factory=dict)  # the 说明 sheet: the export's facts
    # Duties changed after the export that the import would undo, each in one line.
    conflicts: list[str] = field(default_factory=list)
    foreign: str = ""  # the database the file came from, when not this one ("?": unknown)
    forced: bool = False

    @property
    def blocked(self) -> bool:
        return bool(self.conflicts or self.foreign) and not self.forced

    @property
    def ok(self) -> bool:
        return not self.errors and not self.blocked

    def summary(self) -> str:
        """One line in Chinese, as the lists are Chinese documents."""
        if self.errors:
            return f"{self.path.name}：{len(self.errors)}行有错误，未导入任何内容"
        if self.blocked and self.foreign:
            return f"{self.path.name}：不是从当前数据库导出的文件，未导入任何内容"
        if self.blocked:
            return (
                f"{self.path.name}：{len(self.conflicts)}个条目在导出后已被他人修改，"
                "本文件会覆盖这些修改，未导入任何内容"
            )
        verb = "可导入" if self.dry_run else "已导入"
        text = f"{self.path.name}：{verb}{self.created}条"
        if self.deleted:
            text += f"，{'将替换' if self.dry_run else '替换了'}原有的{self.deleted}条"
        if self.skipped:
            text += f"，跳过{len(self.skipped)}条重复"
        return text
