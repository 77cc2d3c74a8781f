"""The preview of a members import: what would happen to each line, before anything is saved."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.services.member_io import ImportReport, RowAction

ACTION_TEXT = {
    RowAction.ADD: N_("new member"),
    RowAction.UPDATE: N_("updates a member"),
    RowAction.SAME: N_("already up to date, skipped"),
    RowAction.BAD: N_("left out"),
}


def summary(report: ImportReport) -> str:
    """One sentence saying what the import will do."""
    parts = [
        _("{n} new").format(n=report.to_add),
        _("{n} updated").format(n=report.to_update),
        _("{n} unchanged or duplicate, skipped").format(n=report.unchanged),
    ]
    if len(report.bad) == 1:
        parts.append(_("1 bad line left out"))
    elif report.bad:
        parts.append(_("{n} bad lines left out").format(n=len(report.bad)))
    return ", ".join(parts) + "."


class ImportPreviewDialog(QDialog):
    """Shows an ImportReport made with dry_run; accepting it means "import". GUI thread."""

    def __init__(self, report: ImportReport, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(_("Import members from {name}").format(name=file_name))
        self.setAccessibleName(_("Import preview"))
        self.summary_label = QLabel(summary(report))
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName(_("What the import will do"))

        self.bad_label = QLabel()
        self.bad_label.setWordWrap(True)
        self.bad_label.setAccessibleName(_("Lines that will be left out"))
        if report.bad:
            lines = "\n".join(
                _("Line {line}: {reason}").format(line=b.line, reason=b.message) for b in report.bad
            )
            self.bad_label.setText(_("These lines will be left out:") + "\n" + lines)
        self.bad_label.setVisible(bool(report.bad))

        self.table = QTableWidget(len(report.rows), 4)
        self.table.setAccessibleName(_("Lines of the file"))
        self.table.setHorizontalHeaderLabels([_("Line"), _("Name"), _("What happens"), _("Why")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, plan in enumerate(report.rows):
            cells = (str(plan.line), plan.name, _(ACTION_TEXT[plan.action]), plan.detail)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(_("&Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setAccessibleName(_("Import"))
        self.import_button.setEnabled(bool(report.to_add or report.to_update))
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.bad_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)
