"""What the ledger's and the patrol planner's forms share: save on OK, stay open on a refusal."""

from __future__ import annotations

from typing import Any

from riskmap.errors import RiskmapError
from riskmap.ui.errors import error_text

ERROR_RED = "#d32f2f"  # a refused field or message


class SaveOnAccept:
    """Mixin for a QDialog with `error_label`, `validate()`, `form()` and `_save(form)`.

    OK saves; when the core refuses (a conflict, a rule), the dialog stays open with everything
    as typed and says why, so nothing the user entered is lost.
    """

    error_label: Any

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def accept(self) -> None:
        if not self.validate():  # type: ignore[attr-defined]
            return
        self.show_error("")
        try:
            self._save(self.form())  # type: ignore[attr-defined]
        except RiskmapError as exc:
            self.show_error(error_text(exc))
            return
        super().accept()  # type: ignore[misc]
