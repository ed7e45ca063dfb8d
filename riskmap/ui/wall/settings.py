"""The wall's settings strip (F2): which preset, how long each step stays, how often the figures
may lag, the text size. They change what the wall shows, never the data; remembered in the
user settings under wall/."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6 import QtCore, QtWidgets

from riskmap.core.presets import PRESETS

AUTO = ""  # the preset whose window is nearest ahead


@dataclass
class WallOptions:
    interval_s: int = 20  # each step of the sequence
    refresh_s: int = 5  # the longest a change in the database takes to show
    preset: str = AUTO
    text_scale: int = 100  # % of the theme's sizes

    @classmethod
    def load(cls, settings: QtCore.QSettings) -> WallOptions:
        def num(key: str, default: int, lo: int, hi: int) -> int:
            try:
                return min(hi, max(lo, int(settings.value(f"wall/{key}", default))))
            except (TypeError, ValueError):
                return default

        preset = str(settings.value("wall/preset", AUTO) or AUTO)
        return cls(
            interval_s=num("interval", cls.interval_s, 3, 3600),
            refresh_s=num("refresh", cls.refresh_s, 1, 600),
            preset=preset if preset in PRESETS else AUTO,
            text_scale=num("text_scale", cls.text_scale, 50, 200),
        )

    def save(self, settings: QtCore.QSettings) -> None:
        settings.setValue("wall/interval", self.interval_s)
        settings.setValue("wall/refresh", self.refresh_s)
        settings.setValue("wall/preset", self.preset)
        settings.setValue("wall/text_scale", self.text_scale)


class SettingsBar(QtWidgets.QWidget):
    """Spin boxes and a preset choice; emits `sigChanged` with new WallOptions."""

    sigChanged = QtCore.Signal(object)

    def __init__(
        self, options: WallOptions, lang: str, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("wall_settings")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_StyledBackground, True)
        self.preset = QtWidgets.QComboBox(self)
        self.preset.setObjectName("wall_preset_choice")
        self.preset.addItem("", AUTO)
        for p in PRESETS.values():
            self.preset.addItem(p.zh if lang.startswith("zh") else f"{p.zh} {p.en}", p.key)
        self.interval = QtWidgets.QSpinBox(self)
        self.interval.setObjectName("wall_interval")
        self.interval.setRange(3, 3600)
        self.refresh = QtWidgets.QSpinBox(self)
        self.refresh.setObjectName("wall_refresh")
        self.refresh.setRange(1, 600)
        self.text = QtWidgets.QSpinBox(self)
        self.text.setObjectName("wall_text_scale")
        self.text.setRange(50, 200)
        self.text.setSingleStep(10)
        self.text.setSuffix(" %")
        lay = QtWidgets.QHBoxLayout(self)
        self.labels: list[QtWidgets.QLabel] = []
        for widget in (self.preset, self.interval, self.refresh, self.text):
            label = QtWidgets.QLabel(self)
            label.setBuddy(widget)
            self.labels.append(label)
            lay.addWidget(label)
            lay.addWidget(widget)
            lay.addSpacing(24)
        lay.addStretch(1)
        self.keys = QtWidgets.QLabel(self)
        lay.addWidget(self.keys)
        self.retranslate()
        self.set_options(options)
        for spin in (self.interval, self.refresh, self.text):
            spin.valueChanged.connect(self._changed)
        self.preset.currentIndexChanged.connect(self._changed)

    def retranslate(self) -> None:
        #: 自动（最近的节日）
        self.preset.setItemText(0, self.tr("Automatic (the nearest holiday)"))
        #: 秒
        seconds = self.tr(" s")
        self.interval.setSuffix(seconds)
        self.refresh.setSuffix(seconds)
        texts = (
            #: 专题
            self.tr("Preset"),
            #: 每页停留
            self.tr("Each step"),
            #: 数据刷新不超过
            self.tr("Refresh within"),
            #: 字号
            self.tr("Text size"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        #: F11 全屏 · → 下一页 · ← 上一页 · 空格 暂停 · F5 刷新 · Ctrl+Q 退出
        keys = self.tr("F11 full screen · → next · ← previous · Space pause · F5 refresh · "
                       "Ctrl+Q quit")  # fmt: skip
        self.keys.setText(keys)

    def set_options(self, o: WallOptions) -> None:
        for w in (self.preset, self.interval, self.refresh, self.text):
            w.blockSignals(True)
        self.preset.setCurrentIndex(max(0, self.preset.findData(o.preset)))
        self.interval.setValue(o.interval_s)
        self.refresh.setValue(o.refresh_s)
        self.text.setValue(o.text_scale)
        for w in (self.preset, self.interval, self.refresh, self.text):
            w.blockSignals(False)

    def options(self) -> WallOptions:
        return WallOptions(
            self.interval.value(),
            self.refresh.value(),
            str(self.preset.currentData() or AUTO),
            self.text.value(),
        )

    def _changed(self, *_: object) -> None:
        self.sigChanged.emit(self.options())
