"""What the window is showing, as one evented model (napari's way; pyqtgraph's signal names).

The main window owns one `AppState` and sets the region, dossier, selected site, as-of date,
filters, actor and language through it; a feature package or a panel listens to the
`sigXxxChanged` signals instead of reaching into the window's widgets. A setter emits only on
a real change, so a listener may redraw on every signal without its own "did it change?" check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6 import QtCore

from riskmap.core.database import Actor
from riskmap.core.dossier import Dossier, Filters
from riskmap.core.region import Region


def _same(old: Any, new: Any) -> bool:
    """Equal values are no change. A region or a dossier is a new one whenever it is another
    object: two selections of the same shape are still two selections (and comparing their
    geometries or figures would cost more than redrawing)."""
    if isinstance(old, (Region, Dossier)) or isinstance(new, (Region, Dossier)):
        return old is new
    if isinstance(old, Actor) and isinstance(new, Actor):
        # Signing in with a password makes the same person another actor: a four-eyes step
        # opens up (Actor leaves `authenticated` out of its equality).
        return old == new and old.authenticated == new.authenticated
    return bool(old == new)


class AppState(QtCore.QObject):
    """The window's current region, dossier, selected site, as-of date, filters, actor and
    language; each setter emits its signal once per real change."""

    sigRegionChanged = QtCore.Signal(object)  # Region | None
    sigDossierChanged = QtCore.Signal(object)  # Dossier | None
    sigSelectedSiteChanged = QtCore.Signal(object)  # int | None
    sigAsOfChanged = QtCore.Signal(object)  # datetime.date
    sigFiltersChanged = QtCore.Signal(object)  # Filters
    sigActorChanged = QtCore.Signal(object)  # Actor
    sigLanguageChanged = QtCore.Signal(str)  # "zh" | "en"

    def __init__(
        self,
        *,
        actor: Actor,
        language: str,
        as_of: dt.date | None = None,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._region: Region | None = None
        self._dossier: Dossier | None = None
        self._selected_site: int | None = None
        self._as_of = as_of or dt.date.today()
        self._filters = Filters(as_of=self._as_of)
        self._actor = actor
        self._language = language

    def _set(self, attr: str, value: Any, signal: QtCore.SignalInstance) -> bool:
        if _same(getattr(self, attr), value):
            return False
        setattr(self, attr, value)
        signal.emit(value)
        return True

    # Read-only properties with explicit setters: a listener sees every change go by a signal.
    @property
    def region(self) -> Region | None:
        return self._region

    def set_region(self, region: Region | None) -> bool:
        return self._set("_region", region, self.sigRegionChanged)

    @property
    def dossier(self) -> Dossier | None:
        return self._dossier

    def set_dossier(self, dossier: Dossier | None) -> bool:
        return self._set("_dossier", dossier, self.sigDossierChanged)

    @property
    def selected_site(self) -> int | None:
        return self._selected_site

    def set_selected_site(self, site_id: int | None) -> bool:
        return self._set("_selected_site", site_id, self.sigSelectedSiteChanged)

    @property
    def as_of(self) -> dt.date:
        return self._as_of

    def set_as_of(self, as_of: dt.date) -> bool:
        return self._set("_as_of", as_of, self.sigAsOfChanged)

    @property
    def filters(self) -> Filters:
        return self._filters

    def set_filters(self, filters: Filters) -> bool:
        return self._set("_filters", filters, self.sigFiltersChanged)

    @property
    def actor(self) -> Actor:
        return self._actor

    def set_actor(self, actor: Actor) -> bool:
        return self._set("_actor", actor, self.sigActorChanged)

    @property
    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> bool:
        return self._set("_language", language, self.sigLanguageChanged)
