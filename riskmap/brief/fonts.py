"""Find a CJK font file for the PDFs, without Qt (the briefings run headless, e.g. from cron).

The PDF embeds a subset of the font, so it needs a file and, for a collection (.ttc), the index
of the Simplified Chinese face; Qt's font database knows families, not files. Lookup order:

1. ``$RISKMAP_CJK_FONT`` (a .ttf/.otf/.ttc path; a missing file is an error, not a fallback)
2. ``resources/fonts/`` of the installation (what an installer bundles)
3. the system: Noto Sans CJK, WenQuanYi, Droid (Linux); YaHei, SimHei, SimSun (Windows);
   PingFang, Hiragino Sans GB, STHeiti (macOS)

A bold face is looked up next to the regular one (NotoSansCJK-Bold.ttc, msyhbd.ttc, a bold face
in the same collection); without one, bold text uses the regular face.
"""

from __future__ import annotations

import functools
import os
import struct
import sys
from pathlib import Path
from typing import Any, NamedTuple

from riskmap.errors import RiskmapError
from riskmap.paths import resources_dir

ENV_VAR = "RISKMAP_CJK_FONT"
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")

INSTALL_HINT = (
    "no Chinese font found for the PDF: install one ('apt install fonts-noto-cjk' on "
    "Debian/Ubuntu, 'dnf install google-noto-sans-cjk-fonts' on Fedora; Windows and macOS ship "
    f"Microsoft YaHei / PingFang), or point ${ENV_VAR} to a .ttf, .otf or .ttc file"
)

# Characters a usable face must have: a font without them would print empty boxes.
_PROBE = "安全隐患整改督办通知逾期"


class FontFile(NamedTuple):
    """A face in a font file: `index` is the face number inside a collection (0 otherwise)."""

    path: Path
    index: int = 0


# (regular, bold candidates) in order of preference. Bold candidates may name the regular file
# itself: the bold face then comes from the same collection.
_NOTO_DIRS = (
    "/usr/share/fonts/opentype/noto",  # Debian, Ubuntu (fonts-noto-cjk)
    "/usr/share/fonts/noto-cjk",  # Arch
    "/usr/share/fonts/google-noto-cjk",  # Fedora
    "/usr/share/fonts/google-noto-sans-cjk-fonts",
    "/usr/share/fonts/opentype/noto-cjk",
)
_LINUX: tuple[tuple[str, tuple[str, ...]], ...] = (
    *((f"{d}/NotoSansCJK-Regular.ttc", (f"{d}/NotoSansCJK-Bold.ttc",)) for d in _NOTO_DIRS),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", ()),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", ()),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", ()),
    ("/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", ()),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", ()),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", ()),
)
_MACOS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("/System/Library/Fonts/PingFang.ttc", ("/System/Library/Fonts/PingFang.ttc",)),
    (
        "/System/Library/Fonts/Hiragino Sans GB.ttc",
        ("/System/Library/Fonts/Hiragino Sans GB.ttc",),
    ),
    ("/System/Library/Fonts/STHeiti Light.ttc", ("/System/Library/Fonts/STHeiti Medium.ttc",)),
    ("/Library/Fonts/Arial Unicode.ttf", ()),
)


def _windows() -> tuple[tuple[str, tuple[str, ...]], ...]:
    fonts = Path(os.environ.get("WINDIR", "C:/Windows")) / "Fonts"
    return (
        (str(fonts / "msyh.ttc"), (str(fonts / "msyhbd.ttc"),)),
        (str(fonts / "msyh.ttf"), (str(fonts / "msyhbd.ttf"),)),
        (str(fonts / "simhei.ttf"), ()),
        (str(fonts / "simsun.ttc"), ()),
    )


def system_candidates() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(regular file, bold files) this platform may have, best first."""
    if sys.platform.startswith("win"):
        return _windows()
    if sys.platform == "darwin":
        return _MACOS
    return _LINUX


def find_cjk_font() -> FontFile:
    """The regular CJK face to embed; RiskmapError with an install hint when there is none."""
    return find_cjk_fonts()[0]


def find_cjk_bold_font() -> FontFile:
    """The bold CJK face, or the regular one when no bold face is installed."""
    return find_cjk_fonts()[1]


def find_cjk_fonts() -> tuple[FontFile, FontFile]:
    """(regular, bold) faces; bold is the regular face when there is no bold one."""
    try:
        resources: Path | None = resources_dir() / "fonts"
    except FileNotFoundError:
        resources = None
    # The cache is keyed on what can change between calls (tests set the variable).
    return _lookup(os.environ.get(ENV_VAR, "").strip(), resources)


def clear_cache() -> None:
    _lookup.cache_clear()
    _face.cache_clear()


@functools.cache
def _lookup(env: str, resources: Path | None) -> tuple[FontFile, FontFile]:
    if env:
        path = Path(env).expanduser()
        if not path.is_file():
            raise RiskmapError(f"${ENV_VAR} names {path}, which is not a file")
        regular = _face(path, bold=False, explicit=True)
        if regular is None:
            raise RiskmapError(f"${ENV_VAR} names {path}, which has no Chinese glyphs")
        return regular, _bold_beside(path, regular)

    if resources is not None and resources.is_dir():
        files = sorted(p for p in resources.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
        # A bundle may ship Regular and Bold; the regular face is the one not named bold.
        plain = [p for p in files if "bold" not in p.name.lower()] or files
        for path in plain:
            regular = _face(path, bold=False)
            if regular is not None:
                return regular, _bold_beside(path, regular)

    for reg, bolds in system_candidates():
        path = Path(reg)
        if not path.is_file():
            continue
        regular = _face(path, bold=False)
        if regular is None:
            continue
        for b in bolds:
            bold = _face(Path(b), bold=True) if Path(b).is_file() else None
            if bold is not None and bold != regular:
                return regular, bold
        return regular, regular
    raise RiskmapError(INSTALL_HINT)


def _bold_beside(path: Path, regular: FontFile) -> FontFile:
    """A bold sibling (Foo-Regular → Foo-Bold, same directory) or a bold face in `path` itself."""
    name = path.name
    siblings = [
        name.replace(a, b)
        for a, b in (("Regular", "Bold"), ("regular", "bold"), ("Light", "Medium"))
        if a in name
    ]
    for sib in siblings:
        p = path.with_name(sib)
        if p != path and p.is_file():
            bold = _face(p, bold=True)
            if bold is not None:
                return bold
    same = _face(path, bold=True)
    return same if same is not None and same != regular else regular


_BOLD_WORDS = ("bold", "semibold", "medium", "heavy", "black", "w6", "w7")
_SC_WORDS = (" sc", "gb", " cn", "simplified", "yahei", "simhei", "simsun", "wenquanyi")


@functools.cache
def _face(path: Path, bold: bool, explicit: bool = False) -> FontFile | None:
    """The best Simplified Chinese face of `path` in the wanted weight (None: no usable face).

    In a collection the face is picked by name: Noto's .ttc holds JP, KR, SC, TC and HK faces
    whose glyphs differ (骨, 直 are drawn differently in Japan), and PingFang's holds every
    weight. A single-face file is taken whatever its name says.
    """
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        # Opened here, not by fontTools: a file it fails to parse would otherwise stay open.
        with path.open("rb") as f:
            if path.suffix.lower() in (".ttc", ".otc"):
                faces = list(TTCollection(f, lazy=True).fonts)
            else:
                faces = [TTFont(f, lazy=True)]
            return _best_face(path, faces, bold)
    except (OSError, TTLibError, AssertionError, ValueError, KeyError, struct.error) as exc:
        # A broken or foreign file is skipped like a missing one; the one the user named says why.
        if explicit:
            raise RiskmapError(f"cannot read font {path}: {exc}") from exc
        return None


def _best_face(path: Path, faces: list[Any], bold: bool) -> FontFile | None:
    ranked: list[tuple[int, int]] = []
    for i, font in enumerate(faces):
        name = _face_name(font).lower()
        is_bold = any(w in name for w in _BOLD_WORDS)
        if len(faces) > 1 and bold != is_bold:
            continue
        score = 0
        if any(w in name for w in _SC_WORDS):
            score += 4
        if not bold and "regular" in name:
            score += 1  # PingFang: Regular before Light and Thin
        if "mono" in name:
            score -= 2  # proportional text reads better than the monospaced variants
        if " ui" in name:
            score -= 1  # YaHei UI has tighter metrics meant for widgets
        ranked.append((-score, i))
    for _, i in sorted(ranked):
        if _covers(faces[i]):
            return FontFile(path, i)
    return None


def _face_name(font: Any) -> str:
    try:
        table = font["name"]
        # Typographic family/subfamily when present (they carry "SC" and the weight), then legacy.
        parts = [table.getDebugName(n) for n in (16, 17, 4, 1, 2)]
    except Exception:
        return ""  # a face without a readable name can still be used, just not preferred
    return " ".join(p for p in parts if p)


def _covers(font: Any) -> bool:
    try:
        cmap = font.getBestCmap()
    except Exception:
        # fontTools raises a zoo of types on a damaged cmap; such a face is simply unusable.
        return False
    return bool(cmap) and all(ord(c) in cmap for c in _PROBE)
