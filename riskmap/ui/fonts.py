"""Find a font that renders Chinese; tell the user when there is none."""

from __future__ import annotations

from PySide6 import QtGui

# In order of preference: what Debian/Ubuntu, Windows and macOS ship.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "Microsoft YaHei UI",
    "SimHei",
    "SimSun",
    "PingFang SC",
    "Hiragino Sans GB",
    "Droid Sans Fallback",
    "AR PL UMing CN",
)

INSTALL_HINT = (
    "No Chinese font found: Chinese text will not render. Install one, e.g. "
    "'apt install fonts-noto-cjk' (Debian/Ubuntu) or Microsoft YaHei (Windows)."
)


def find_cjk_family() -> str | None:
    """The first installed CJK family, or any family that can write 中文 (None: none)."""
    families = QtGui.QFontDatabase.families()
    installed = set(families)
    for name in CJK_FAMILIES:
        if name in installed:
            return name
    for name in families:
        if (
            QtGui.QFontDatabase.WritingSystem.SimplifiedChinese
            in QtGui.QFontDatabase.writingSystems(name)
        ):
            return name
    return None


def apply_cjk_font(app: QtGui.QGuiApplication) -> str | None:
    """Make the application font fall back to a CJK family; return it (None: none found)."""
    family = find_cjk_family()
    if family is None:
        return None
    font = app.font()
    families = [f for f in font.families() if f != family]
    font.setFamilies([*families[:1], family])
    app.setFont(font)
    return family
