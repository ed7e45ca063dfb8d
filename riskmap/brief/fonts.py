"""The fonts riskmap draws Chinese with, without Qt (the briefings run headless, e.g. from cron).

riskmap ships its own faces in resources/fonts/ (subsets of Noto CJK, see the README there) and
the PDFs always embed them, never whatever the machine happens to have, so that a document is
the same on every seat:

- sans ("Riskmap Noto Sans SC", Regular and Bold): body text, tables and maps;
- official ("Riskmap Noto Serif SC", Regular and Bold): official documents (the notices).

A site that prints its official documents in a font of its own (a licensed 仿宋 or 小标宋)
names the file in ``$RISKMAP_PDF_FONT`` or the ``pdf_font`` setting; it replaces the official
face, a missing file or one without Chinese is an error, never a silent fallback. A collection
(.ttc) is accepted: its Simplified Chinese face is picked by name.
"""

from __future__ import annotations

import functools
import os
import struct
from pathlib import Path
from typing import Any, NamedTuple

from riskmap.errors import RiskmapError
from riskmap.messages import Words
from riskmap.paths import fonts_dir
from riskmap.settings import PDF_FONT as SETTING
from riskmap.settings import load_settings

ENV_VAR = "RISKMAP_PDF_FONT"
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
# The family names documents register their faces under (riskmap.brief.pdfdoc); here, apart
# from fpdf2, so that what only names them (the SVG sketch) loads without the PDF library.
FONT = "cjk"
TITLE_FONT = "title"  # an official document's own 小标宋-style title face (PdfDoc.title_font)

SANS_FAMILY = "Riskmap Noto Sans SC"
SERIF_FAMILY = "Riskmap Noto Serif SC"
# (regular, bold) file names in resources/fonts/.
SANS_FILES = ("RiskmapNotoSansSC-Regular.otf", "RiskmapNotoSansSC-Bold.otf")
SERIF_FILES = ("RiskmapNotoSerifSC-Regular.otf", "RiskmapNotoSerifSC-Bold.otf")
BUNDLED_FILES = (*SANS_FILES, *SERIF_FILES)

# Characters a usable face must have: a font without them would print empty boxes.
PROBE = "安全隐患整改督办通知逾期中文"


class FontFile(NamedTuple):
    """A face in a font file: `index` is the face number inside a collection (0 otherwise)."""

    path: Path
    index: int = 0


def bundled_dir() -> Path:
    """resources/fonts/ of this installation; RiskmapError when it lacks any bundled face."""
    try:
        folder = fonts_dir()
    except RiskmapError as exc:
        raise RiskmapError.of("brief.fonts_folder_missing", detail=exc) from exc
    missing = [name for name in BUNDLED_FILES if not (folder / name).is_file()]
    if missing:
        raise RiskmapError.of("brief.fonts_missing", folder=folder, names=missing)
    return folder


def bundled_files() -> list[Path]:
    """Every bundled face file (sans and serif, regular and bold)."""
    folder = bundled_dir()
    return [folder / name for name in BUNDLED_FILES]


def find_cjk_fonts() -> tuple[FontFile, FontFile]:
    """(regular, bold) sans faces for body text, tables and maps: always the bundled ones."""
    folder = bundled_dir()
    regular, bold = (FontFile(folder / name) for name in SANS_FILES)
    return regular, bold


def find_cjk_font() -> FontFile:
    """The regular sans face."""
    return find_cjk_fonts()[0]


def official_fonts() -> tuple[FontFile, FontFile]:
    """(regular, bold) faces of official documents: the configured font file, else the serif.

    RiskmapError when the configured file is missing, unreadable or has no Chinese.
    """
    configured, where = configured_official_font()
    if configured is not None:
        return _configured(configured, where)
    folder = bundled_dir()
    regular, bold = (FontFile(folder / name) for name in SERIF_FILES)
    return regular, bold


def configured_official_font() -> tuple[str | None, str]:
    """(path, where it was set) of the official font a site chose; (None, "") when none.

    The environment wins over the setting, as it does for the database.
    """
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env, Words(f"${ENV_VAR}", f"环境变量 {ENV_VAR}")
    value = load_settings().get(SETTING)
    if isinstance(value, str) and value.strip():
        return value.strip(), Words(f"the setting {SETTING!r}", f"设置中的 {SETTING}")
    return None, ""


def clear_cache() -> None:
    _configured.cache_clear()
    _face.cache_clear()


@functools.cache
def _configured(name: str, where: str) -> tuple[FontFile, FontFile]:
    path = Path(name).expanduser()
    if not path.is_file():
        raise RiskmapError.of("brief.font_not_file", path=path, where=where)
    regular = _face(path, bold=False, explicit=True)
    if regular is None:
        raise RiskmapError.of("brief.font_not_chinese", path=path, where=where, probe=PROBE[:4])
    return regular, _bold_beside(path, regular)


def _bold_beside(path: Path, regular: FontFile) -> FontFile:
    """A bold sibling (Foo-Regular → Foo-Bold, same directory) or a bold face in `path` itself;
    without one, bold text uses the regular face."""
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
        # A sibling that is broken is skipped like a missing one; the file the user named says why.
        if explicit:
            raise RiskmapError.of("brief.font_unreadable", path=path, detail=str(exc)) from exc
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
        if covers(faces[i]):
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


def covers(font: Any, text: str = PROBE) -> bool:
    """Whether a fontTools face has a glyph for every character of `text`."""
    try:
        cmap = font.getBestCmap()
    except Exception:
        # fontTools raises a zoo of types on a damaged cmap; such a face is simply unusable.
        return False
    return bool(cmap) and all(ord(c) in cmap for c in text)


# -- the official fonts an office names in its document settings -------------------------------
#
# GB/T 9704-2012 sets titles in 小标宋 and the body in 仿宋_GB2312; neither ships with riskmap
# (they are licensed). The document settings name a face; each seat looks for it among its own
# installed fonts, and prints in the bundled serif when it has not got it (the PDF still reads
# the same, and `missing` says which face was wanted).

# Face names (as the font's name table gives them) of the usual official faces, by role.
TITLE_FACES = ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05")
BODY_FACES = ("仿宋_GB2312", "FangSong_GB2312", "方正仿宋_GBK", "方正仿宋简体", "仿宋", "FangSong")
# Name parts that mark a face as one of those families (a foundry's variant of 小标宋 or 仿宋).
_OFFICIAL_WORDS = ("小标宋", "xiaobiaosong", "仿宋", "fangsong")


def system_font_dirs() -> list[Path]:
    """Where this machine keeps installed fonts (Windows, macOS, Linux; the user's and all)."""
    home = Path.home()
    dirs = [
        Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
        home / "AppData/Local/Microsoft/Windows/Fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        home / "Library/Fonts",
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".local/share/fonts",
        home / ".fonts",
    ]
    return [d for d in dirs if d.is_dir()]


def _names_of(font: Any) -> set[str]:
    try:
        table = font["name"]
    except Exception:
        return set()  # a face without a readable name table is no official face we can name
    out = set()
    for rec in table.names:
        if rec.nameID in (1, 4, 16):
            try:
                out.add(rec.toUnicode().strip())
            except UnicodeDecodeError:
                continue
    return {n for n in out if n}


def installed_official_fonts(dirs: list[Path] | None = None) -> dict[str, FontFile]:
    """Installed 小标宋 and 仿宋 faces that can print Chinese: face name → file and face."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    found: dict[str, FontFile] = {}
    for folder in system_font_dirs() if dirs is None else dirs:
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in FONT_SUFFIXES or not path.is_file():
                continue
            try:
                with path.open("rb") as f:
                    if path.suffix.lower() in (".ttc", ".otc"):
                        faces = list(TTCollection(f, lazy=True).fonts)
                    else:
                        faces = [TTFont(f, lazy=True)]
                    for index, font in enumerate(faces):
                        names = _names_of(font)
                        wanted = {n for n in names if any(w in n.lower() for w in _OFFICIAL_WORDS)}
                        if wanted and covers(font):
                            for name in wanted:
                                found.setdefault(name, FontFile(path, index))
            except (OSError, TTLibError, AssertionError, ValueError, KeyError, struct.error):
                continue  # a broken file among the system's fonts is not ours to report
    return found


class DocumentFaces(NamedTuple):
    """The faces an official document is set in, and the named faces this seat lacks."""

    title: FontFile
    body: FontFile
    body_bold: FontFile
    missing: tuple[str, ...]


def document_faces(
    title_font: str | None, body_font: str | None, dirs: list[Path] | None = None
) -> DocumentFaces:
    """The title and body faces for the settings' font names (None: the bundled serif, or the
    site's configured official font for the body)."""
    serif_regular, serif_bold = official_fonts()
    installed = installed_official_fonts(dirs) if (title_font or body_font) else {}
    missing: list[str] = []
    title, body = serif_bold, serif_regular
    if title_font:
        if title_font in installed:
            title = installed[title_font]
        else:
            missing.append(title_font)
    if body_font:
        if body_font in installed:
            body = installed[body_font]
        else:
            missing.append(body_font)
    # 仿宋 has no bold; the bold of table headers stays the serif's (a face embedded twice, as
    # regular and as bold, would share one name in the PDF and viewers would mix them up).
    return DocumentFaces(title, body, serif_bold, tuple(missing))


def official_font_choices(dirs: list[Path] | None = None) -> tuple[list[str], list[str]]:
    """(title faces, body faces) installed here: the 小标宋 faces, then the 仿宋 faces, each the
    usual names first."""
    found = installed_official_fonts(dirs)

    def ranked(known: tuple[str, ...], words: tuple[str, ...]) -> list[str]:
        names = [n for n in found if any(w in n.lower() for w in words)]
        return sorted(names, key=lambda n: (known.index(n) if n in known else len(known), n))

    return ranked(TITLE_FACES, ("小标宋", "xiaobiaosong")), ranked(BODY_FACES, ("仿宋", "fangsong"))
