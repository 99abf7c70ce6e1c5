"""The household table: an editable model over the case's list of household members."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from counsel_app.domain.case import HouseholdMember
from counsel_app.domain.enums import Relation
from counsel_app.i18n import N_, _

COLUMNS = [N_("Relation"), N_("Name"), N_("Age"), N_("Travels too")]


class HouseholdModel(QAbstractTableModel):
    edited = Signal()

    def __init__(self, members: list[HouseholdMember] | None = None, parent=None):
        super().__init__(parent)
        self.members: list[HouseholdMember] = members if members is not None else []

    def set_members(self, members: list[HouseholdMember]) -> None:
        self.beginResetModel()
        self.members = members
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.members)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section])
        if role == Qt.DisplayRole and orientation == Qt.Vertical:
            return section + 1
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.NoItemFlags
        base = Qt.ItemIsEnabled | Qt.ItemIsSelectable | Qt.ItemNeverHasChildren
        if index.column() == 3:
            return base | Qt.ItemIsUserCheckable
        return base | Qt.ItemIsEditable

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.members):
            return None
        m = self.members[index.row()]
        col = index.column()
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            if col == 0:
                return _(m.relation.label)
            if col == 1:
                return m.name
            if col == 2:
                return "" if m.age is None else str(m.age)
            if col == 3:
                return _("yes") if m.travelling else _("no")
        if role == Qt.EditRole:
            return [m.relation.value, m.name, m.age if m.age is not None else -1,
                    m.travelling][col] if 0 <= col < 4 else None
        if role == Qt.CheckStateRole and col == 3:
            return Qt.Checked if m.travelling else Qt.Unchecked
        return None

    def setData(self, index, value, role=Qt.EditRole):  # noqa: N802
        if not index.isValid() or not 0 <= index.row() < len(self.members):
            return False
        m = self.members[index.row()]
        col = index.column()
        if role == Qt.CheckStateRole and col == 3:
            m.travelling = Qt.CheckState(value) == Qt.Checked
        elif role == Qt.EditRole and col == 0:
            try:
                m.relation = Relation(value)
            except ValueError:
                return False
        elif role == Qt.EditRole and col == 1:
            m.name = str(value).strip()
        elif role == Qt.EditRole and col == 2:
            try:
                age = int(value) if str(value).strip() not in ("", "-1") else None
            except ValueError:
                return False
            if age is not None and not 0 <= age <= 120:
                return False
            m.age = age
        else:
            return False
        self.dataChanged.emit(index, index, [role, Qt.DisplayRole])
        self.edited.emit()
        return True

    def add(self, member: HouseholdMember | None = None) -> int:
        row = len(self.members)
        self.beginInsertRows(QModelIndex(), row, row)
        self.members.append(member or HouseholdMember())
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.members):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.members[row]
            self.endRemoveRows()
            self.edited.emit()


class RelationDelegate(QStyledItemDelegate):
    """A combo box to pick the relation in column 0."""

    def createEditor(self, parent, option, index):  # noqa: N802
        if index.column() != 0:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        combo.setAccessibleName(_("Relation"))
        for relation in Relation:
            combo.addItem(_(relation.label), relation.value)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.EditRole))))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):  # noqa: N802
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.EditRole)
        else:
            super().setModelData(editor, model, index)
