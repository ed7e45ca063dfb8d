"""The hazard ledger in the desktop client: forms, workflow, audit trail, users, undo."""

from riskmap.core.ledger_records import HazardRecord, SiteLedger
from riskmap.ui.ledger.commands import LedgerCommand
from riskmap.ui.ledger.controller import LedgerController
from riskmap.ui.ledger.dialogs import ReviewNoteDialog
from riskmap.ui.ledger.hazard_card import HazardCard
from riskmap.ui.ledger.hazard_dialog import HazardDialog, HazardForm
from riskmap.ui.ledger.history import HistorySection
from riskmap.ui.ledger.login import LoginDialog
from riskmap.ui.ledger.window import LedgerActions

__all__ = [
    "HazardCard",
    "HazardDialog",
    "HazardForm",
    "HazardRecord",
    "HistorySection",
    "LedgerActions",
    "LedgerCommand",
    "LedgerController",
    "LoginDialog",
    "ReviewNoteDialog",
    "SiteLedger",
]
