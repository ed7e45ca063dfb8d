"""What a briefing says about a preset in words: resources/presets/<key>.toml.

`history` (历史事故警示) and `season` (季节性风险) open the assessment; `requirements` are the
工作要求, which the office may edit before it generates. Their `{placeholders}` are filled from the
briefing's figures (resources/presets/README.md lists them): the text is the office's, the
numbers are the ledger's.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from riskmap.core.presets import get_preset
from riskmap.errors import RiskmapError
from riskmap.paths import resources_dir


@dataclass(frozen=True)
class PresetText:
    history: str
    season: str
    requirements: tuple[str, ...]


@cache
def preset_text(preset: str) -> PresetText:
    """The words of `preset` (key or name) as its file gives them, placeholders unfilled."""
    key = get_preset(preset).key
    path = resources_dir() / "presets" / f"{key}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RiskmapError.of("brief.page_file", path=path, detail=str(exc)) from None
    return PresetText(
        str(data.get("history", "")).strip(),
        str(data.get("season", "")).strip(),
        tuple(str(r).strip() for r in data.get("requirements", ()) if str(r).strip()),
    )


def placeholders(text: str) -> set[str]:
    """The `{names}` a text asks for."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:
        return set()


def fill(text: str, values: Mapping[str, object]) -> str:
    """`text` with its placeholders filled; one it names that `values` lacks stays as typed
    (an edited requirement may hold a brace the office meant literally)."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:  # an unmatched brace: nothing to fill
        return text
    out = []
    for literal, name, spec, conv in parts:
        out.append(literal)
        if name is None:
            continue
        if name in values and not spec and not conv:
            out.append(str(values[name]))
        else:
            tail = (f"!{conv}" if conv else "") + (f":{spec}" if spec else "")
            out.append("{" + name + tail + "}")
    return "".join(out)


def fill_all(texts: Sequence[str], values: Mapping[str, object]) -> list[str]:
    return [fill(t, values) for t in texts]
