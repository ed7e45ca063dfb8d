"""Subset Debian's Noto CJK fonts into the faces riskmap ships in resources/fonts/.

    python tools/fonts/make_fonts.py [--src DIR] [--out DIR]

Without --src the script fetches the pinned Debian packages with `apt-get download` into a
temporary folder and unpacks them with `dpkg -x` (nothing is installed: a machine that builds the
fonts stays without a system CJK font). With --src, DIR is such an unpacked tree (or any folder
holding the .ttc files). The source collections are checked against their SHA-256, so the same
inputs give the same faces.

Each face keeps the glyphs of: the 8,105 characters of 通用规范汉字表 (tongyong_8105.txt beside
this script), all of GB 2312 (from Python's codec), ASCII, Latin-1 and Latin Extended-A (pinyin),
general and CJK punctuation, full-width forms, the symbol blocks a safety report draws from
(①, ℃, ㎡, Ⅳ, arrows, ●▲■, ★), and every non-ASCII character of the project's layer catalogue,
code and translations. Hinting and the OpenType features CJK text uses (vertical forms,
proportional punctuation, kerning) are kept.

The faces are renamed "Riskmap Noto Sans SC" / "Riskmap Noto Serif SC": a subset is a Modified
Version under the OFL, and a family name of its own keeps it apart from a full Noto CJK the
system may have (Qt and fontconfig would otherwise pick either one).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = ROOT / "resources" / "fonts"

DEBS = ("fonts-noto-cjk", "fonts-noto-cjk-extra")
DEB_VERSION = "1:20220127+repack1-1"  # Debian 12 "bookworm"; Noto Sans CJK 2.004, Serif 2.001
TTC_DIR = "usr/share/fonts/opentype/noto"


@dataclass(frozen=True)
class Face:
    ttc: str
    sha256: str
    family: str
    style: str  # Regular or Bold

    @property
    def file_name(self) -> str:
        return f"{self.family.replace(' ', '')}-{self.style}.otf"

    @property
    def ps_name(self) -> str:
        return f"{self.family.replace(' ', '')}-{self.style}"


SANS = "Riskmap Noto Sans SC"
SERIF = "Riskmap Noto Serif SC"
FACES = (
    Face(
        "NotoSansCJK-Regular.ttc",
        "b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a",
        SANS,
        "Regular",
    ),
    Face(
        "NotoSansCJK-Bold.ttc",
        "faa5f3656a78b2e2d450d27fe8382c778bc2b6bb5ea29c986664a6a435056ceb",
        SANS,
        "Bold",
    ),
    Face(
        "NotoSerifCJK-Regular.ttc",
        "a04178ec485dffdff7cc0c0c20e1fce9202d7e2160d805e8e44a4c8841c58481",
        SERIF,
        "Regular",
    ),
    Face(
        "NotoSerifCJK-Bold.ttc",
        "a5d4b046c127da3d7c72f98b46c41489cd29bf52abfdf18aba920903e920d4ac",
        SERIF,
        "Bold",
    ),
)
BUDGET_MB = 30.0

# Unicode blocks kept whole (the source font keeps only what it draws of each).
BLOCKS = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1
    (0x0100, 0x017F),  # Latin Extended-A (pinyin: ā ē ī ō ū)
    (0x01CD, 0x01DC),  # pinyin third tone (ǎ ě ǐ ǒ ǔ ǖ ǘ ǚ ǜ)
    (0x0391, 0x03C9),  # Greek letters (α, β, Δ, Ω in units and formulas)
    (0x2000, 0x206F),  # general punctuation (— … ‰ ′ ″ ※)
    (0x2070, 0x209F),  # superscripts and subscripts (km², m³)
    (0x20A0, 0x20CF),  # currency (€)
    (0x2100, 0x214F),  # letterlike (℃, №, ℉)
    (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ Ⅲ, ½)
    (0x2190, 0x21FF),  # arrows
    (0x2200, 0x22FF),  # mathematical operators (≤ ≥ ≈ ± √)
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes (● ▲ ■ ◆ ▶)
    (0x2600, 0x26FF),  # miscellaneous symbols (★ ☆ ⚠)
    (0x2700, 0x27BF),  # dingbats (✓)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3200, 0x32FF),  # enclosed CJK (㈠ ㊣)
    (0x3300, 0x33FF),  # CJK compatibility (㎡ ㎞ ㎏)
    (0xFE30, 0xFE4F),  # CJK compatibility forms (vertical punctuation)
    (0xFF00, 0xFFEF),  # half-width and full-width forms
)
# Where the project's own characters live (its labels, messages and translations).
PROJECT_TEXT = (("layers", "*.toml"), ("riskmap", "*.py"), ("resources/i18n", "*.ts"))
# OpenType features kept beyond fontTools' defaults: CJK punctuation spacing and vertical text.
EXTRA_FEATURES = ("palt", "halt", "vpal", "vhal", "vkrn", "fwid", "hwid", "pwid")


def tongyong() -> list[str]:
    lines = (HERE / "tongyong_8105.txt").read_text(encoding="utf-8").splitlines()
    chars = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    if len(chars) != 8105 or len(set(chars)) != 8105:
        sys.exit(f"tongyong_8105.txt holds {len(chars)} characters, not 8,105")
    return chars


def gb2312() -> set[str]:
    """Every character GB 2312 encodes (its 682 symbols and 6,763 hanzi)."""
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return out


def project_chars(root: Path = ROOT) -> set[str]:
    out: set[str] = set()
    for folder, pattern in PROJECT_TEXT:
        for path in sorted((root / folder).rglob(pattern)):
            out |= {c for c in path.read_text(encoding="utf-8") if ord(c) > 0x7F}
    return out


def wanted() -> set[int]:
    chars = set(tongyong()) | gb2312() | project_chars()
    codes = {ord(c) for c in chars if c.isprintable() or c == "\u3000"}
    for lo, hi in BLOCKS:
        codes.update(range(lo, hi + 1))
    return codes


# ---------------------------------------------------------------------------- sources


def fetch_debs(work: Path) -> Path:
    """apt-get download the pinned packages into `work` and unpack them there."""
    subprocess.run(
        ["apt-get", "download", *(f"{name}={DEB_VERSION}" for name in DEBS)],
        check=True,
        cwd=work,
    )
    tree = work / "tree"
    for deb in sorted(work.glob("*.deb")):
        subprocess.run(["dpkg", "-x", str(deb), str(tree)], check=True)
    return tree


def find_ttc(src: Path, name: str) -> Path:
    for candidate in (src / TTC_DIR / name, src / name):
        if candidate.is_file():
            return candidate
    sys.exit(f"{name} is not in {src} (expected {TTC_DIR}/{name})")


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sc_face(ttc: Path) -> TTFont:
    """The Simplified Chinese, proportional face of a Noto CJK collection."""
    for font in TTCollection(str(ttc)).fonts:
        ps = font["name"].getDebugName(6) or ""
        if re.fullmatch(r"Noto(Sans|Serif)CJKsc-\w+", ps):
            return font
    sys.exit(f"{ttc.name} has no Simplified Chinese face")


# ---------------------------------------------------------------------------- subsetting


def make_face(face: Face, ttc: Path, codes: set[int], out: Path) -> tuple[Path, int, str]:
    font = sc_face(ttc)
    copyright_ = font["name"].getDebugName(0) or ""
    opts = subset.Options()
    opts.layout_features = [*opts.layout_features, *EXTRA_FEATURES]
    opts.name_IDs = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.hinting = True
    opts.recalc_timestamp = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(codes))
    sub.subset(font)
    rename(font, face)
    path = out / face.file_name
    # The source's own date stays in the head table: the same inputs give the same bytes.
    font.recalcTimestamp = False
    font.save(str(path))
    return path, len(font.getBestCmap()), copyright_


def rename(font: TTFont, face: Face) -> None:
    """Family, style, full and PostScript names of the subset (every platform's records)."""
    names = {
        1: face.family,
        2: face.style,
        3: f"{face.ps_name};riskmap subset of Noto CJK",
        4: f"{face.family} {face.style}",
        6: face.ps_name,
        16: face.family,
        17: face.style,
    }
    table = font["name"]
    # Localised names (the Chinese 思源黑体) would survive under the old family otherwise.
    table.names = [r for r in table.names if r.nameID not in names or r.langID in (0, 0x409)]
    for record in list(table.names):
        if record.nameID in (16, 17, 21, 22):
            table.removeNames(nameID=record.nameID)
    for name_id, text in names.items():
        table.setName(text, name_id, 3, 1, 0x409)
        table.setName(text, name_id, 1, 0, 0)
    cff = font["CFF "].cff
    cff.fontNames = [face.ps_name]
    top = cff.topDictIndex[0]
    top.FullName = names[4]
    top.FamilyName = face.family
    if hasattr(top, "CIDFontName"):
        top.CIDFontName = face.ps_name


# ---------------------------------------------------------------------------- outputs


def ofl_text(debian_copyright: Path, notices: list[str]) -> str:
    """The SIL OFL 1.1 as Debian's copyright file carries it, under the fonts' own notices."""
    text = debian_copyright.read_text(encoding="utf-8")
    m = re.search(r"^License: SIL-1\.1\n((?: .*\n)+)", text, re.M)
    if m is None:
        sys.exit(f"no SIL-1.1 licence text in {debian_copyright}")
    body = "\n".join("" if line == " ." else line[1:] for line in m.group(1).splitlines())
    # The name table says "© 2014-2021 Adobe (…)."; upstream's LICENSE adds the reserved name.
    head = "\n".join(
        f"Copyright {n.lstrip('© ').rstrip('.')}, with Reserved Font Name 'Source'."
        for n in dict.fromkeys(notices)
    )
    return (
        f"{head}\n\nThis Font Software is licensed under the SIL Open Font License, "
        f"Version 1.1.\n\n{body}\n"
    )


README = """\
# Bundled fonts

riskmap draws Chinese in its windows, maps and PDFs with these faces, so that a machine without
any Chinese font shows and prints the same text, and every seat prints the same document:

| file | face | glyphs | size | used for |
| --- | --- | ---: | ---: | --- |
{rows}

Source: Noto Sans CJK 2.004 and Noto Serif CJK 2.001 (Adobe and Google, the Simplified
Chinese faces), from Debian's packages {debs},
version {version}.

Licence: SIL Open Font License 1.1, in OFL.txt (Reserved Font Name: Source). The subsets are
renamed as the OFL asks of a Modified Version, and so that they never mix with a full Noto CJK
installed on the system: "{sans}" and "{serif}".

How they were made: `python tools/fonts/make_fonts.py`, with fontTools {fonttools}. The script
pins the packages' version and the SHA-256 of each source collection. Each face keeps the
8,105 characters of 通用规范汉字表 (tools/fonts/tongyong_8105.txt), all of GB 2312, ASCII,
Latin-1, Latin Extended-A (pinyin), punctuation, full-width forms, the symbol blocks (①, ℃, ㎡,
Ⅳ, arrows, ●▲■, ★) and every non-ASCII character of layers/, riskmap/ and resources/i18n/.
Hinting, kerning and the CJK layout features (vertical forms, proportional punctuation) are
kept. Rerun the script after adding text with a character outside these sets.
"""


def write_readme(out: Path, rows: list[str]) -> None:
    text = README.format(
        rows="\n".join(rows),
        debs=" and ".join(DEBS),
        version=DEB_VERSION,
        sans=SANS,
        serif=SERIF,
        fonttools=fontTools.version,
    )
    (out / "README.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--src", type=Path, help="an unpacked fonts-noto-cjk tree (default: fetch)")
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)
    codes = wanted()
    with tempfile.TemporaryDirectory(prefix="riskmap-fonts-") as tmp:
        src = args.src or fetch_debs(Path(tmp))
        args.out.mkdir(parents=True, exist_ok=True)
        rows, notices, total = [], [], 0
        for face in FACES:
            ttc = find_ttc(src, face.ttc)
            digest = sha256(ttc)
            if digest != face.sha256:
                sys.exit(f"{ttc} has SHA-256 {digest}, expected {face.sha256} ({DEB_VERSION})")
            path, glyphs, notice = make_face(face, ttc, codes, args.out)
            notices.append(notice)
            size = path.stat().st_size
            total += size
            use = "window, maps, PDF text" if face.family == SANS else "official documents"
            rows.append(
                f"| {path.name} | {face.family} {face.style} | {glyphs:,} | "
                f"{size / 2**20:.1f} MB | {use} |"
            )
            print(f"{path.name}: {glyphs:,} characters, {size / 2**20:.1f} MB")
        copyright_file = src / "usr/share/doc/fonts-noto-cjk/copyright"
        (args.out / "OFL.txt").write_text(ofl_text(copyright_file, notices), encoding="utf-8")
    write_readme(args.out, rows)
    print(f"total {total / 2**20:.1f} MB (budget {BUDGET_MB:.0f} MB)")
    if total / 2**20 > BUDGET_MB:
        sys.exit(f"the fonts take {total / 2**20:.1f} MB, over the {BUDGET_MB:.0f} MB budget")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
