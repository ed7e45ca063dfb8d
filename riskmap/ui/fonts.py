"""The font that writes Chinese in the windows and on the map.

riskmap ships its own Chinese font (resources/fonts/, see riskmap.brief.fonts). At start-up the
windows use the system's Chinese family when there is one, so riskmap looks like the rest of the
desktop, else the bundled sans, registered with Qt only then; with the user's setting
`prefer_bundled_font` (the View menu's "Use the bundled Chinese font") the bundled sans always.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui

from riskmap.brief.fonts import SANS_FAMILY, SANS_FILES, SERIF_FAMILY, bundled_dir
from riskmap.errors import RiskmapError
from riskmap.settings import PREFER_BUNDLED_FONT, prefer_bundled_font, save_setting

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
_BUNDLED_FAMILIES = (SANS_FAMILY, SERIF_FAMILY)

INSTALL_HINT = (
    "No Chinese font found: Chinese text will not render, and riskmap's own font is missing "
    "from this installation ({problem}). Reinstall riskmap."
)

# Module state: Qt's font database is per process, and so is what this module put into it.
_registered: list[str] = []
_active: str | None = None
_problem = ""


def register_bundled() -> list[str]:
    """Add the bundled sans faces to Qt's font database (once); the families they brought.

    An empty list when they are missing or Qt cannot read them (`bundled_problem()` says why).
    """
    global _problem
    if _registered:
        return list(_registered)
    try:
        folder = bundled_dir()
    except RiskmapError as exc:
        _problem = str(exc)
        return []
    families: list[str] = []
    for name in SANS_FILES:
        font_id = QtGui.QFontDatabase.addApplicationFont(str(folder / name))
        if font_id < 0:
            _problem = f"Qt cannot read {folder / name}"
            return []
        families += QtGui.QFontDatabase.applicationFontFamilies(font_id)
    _registered[:] = list(dict.fromkeys(families))
    return list(_registered)


def bundled_problem() -> str:
    """Why the bundled font could not be registered ("" when it was, or was never tried)."""
    return _problem


def system_cjk_family() -> str | None:
    """The first CJK family the system has, or any of its families that can write 中文."""
    families = [f for f in QtGui.QFontDatabase.families() if f not in _BUNDLED_FAMILIES]
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


def find_cjk_family() -> str | None:
    """The family that writes Chinese: the one `apply_cjk_font` chose, else the same choice
    made once here (the map asks for every label it draws)."""
    global _active
    if _active is None:
        _active = _choose(prefer_bundled_font())
    return _active


def _choose(prefer_bundled: bool) -> str | None:
    family = None if prefer_bundled else system_cjk_family()
    if family is None:
        family = SANS_FAMILY if SANS_FAMILY in register_bundled() else system_cjk_family()
    return family


def apply_cjk_font(app: QtGui.QGuiApplication, prefer_bundled: bool | None = None) -> str | None:
    """Make the application font fall back to the CJK family; return it (None: none at all).

    `prefer_bundled`: use riskmap's own font even where the system has one (default: the
    user's setting).
    """
    global _active
    if prefer_bundled is None:
        prefer_bundled = prefer_bundled_font()
    family = _active = _choose(prefer_bundled)
    if family is None:
        return None
    font = app.font()
    # The first family stays (Latin text keeps the platform's look); Chinese falls to `family`.
    families = [f for f in font.families() if f != family and f not in _BUNDLED_FAMILIES]
    font.setFamilies([*families[:1], family])
    app.setFont(font)
    return family


def install_hint() -> str:
    return INSTALL_HINT.format(problem=_problem or "resources/fonts")


class BundledFontAction(QtGui.QAction):
    """View menu, "Use the bundled Chinese font": riskmap's own font even where the system has one,
    so every seat shows the same glyphs; the choice is kept in the user's settings."""

    def __init__(self, parent: QtCore.QObject) -> None:
        super().__init__(parent)
        self.setCheckable(True)
        self.setChecked(prefer_bundled_font())
        self.toggled.connect(self._toggled)

    def retranslate(self) -> None:
        #: 使用内置中文字体
        self.setText(self.tr("Use the bundled Chinese font"))
        #: 即使本机已有中文字体，也用 riskmap 自带的字体（各席位显示一致）
        self.setToolTip(self.tr("Use riskmap's own Chinese font even where this computer has one"))

    def _toggled(self, on: bool) -> None:
        save_setting(PREFER_BUNDLED_FONT, True if on else None)
        app = QtGui.QGuiApplication.instance()
        if isinstance(app, QtGui.QGuiApplication):
            apply_cjk_font(app, prefer_bundled=on)
