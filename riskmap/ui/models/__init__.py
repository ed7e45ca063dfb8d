"""Qt item models over core objects (the dossier lists)."""

from riskmap.ui.models.dossier_models import (
    PRESETS,
    ROLES,
    ROW_ROLE,
    SITE_ID_ROLE,
    SORT_ROLE,
    DossierFilterProxy,
    DossierTableModel,
    HazardTableModel,
    RectificationTableModel,
    Terms,
    UnitTableModel,
    terms,
)

__all__ = [
    "PRESETS",
    "ROLES",
    "ROW_ROLE",
    "SITE_ID_ROLE",
    "SORT_ROLE",
    "DossierFilterProxy",
    "DossierTableModel",
    "HazardTableModel",
    "RectificationTableModel",
    "Terms",
    "UnitTableModel",
    "terms",
]
