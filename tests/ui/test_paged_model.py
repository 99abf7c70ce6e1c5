"""The shared lazy table model: pages through qtmodeltester, stops at the end, starts over
on reload, read-only, and stays free of storage at import time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt

from counsel_app.i18n import N_
from counsel_app.ui.paged_model import PagedTableModel

ROOT = Path(__file__).resolve().parents[2]


class Numbers(PagedTableModel):
    """Rows are the numbers of ``source`` above ``minimum``; records every load."""

    columns = [("n", N_("Number")), ("square", N_("Square"))]

    def __init__(self, source, page_size=10, parent=None):
        super().__init__(parent, page_size=page_size)
        self.source = source
        self.minimum = -1
        self.loads: list[tuple[int, int]] = []

    def _load_page(self, offset, limit):
        self.loads.append((offset, limit))
        rows = [n for n in self.source if n > self.minimum]
        return rows[offset:offset + limit]

    def data(self, index, role=Qt.DisplayRole):
        n = self.row_item(index.row()) if index.isValid() else None
        if n is None or role != Qt.DisplayRole:
            return None
        return str(n if index.column() == 0 else n * n)


class InsertedFirst(Numbers):
    first_page_in_reset = False


def _signals(model):
    seen = []
    model.modelReset.connect(lambda: seen.append("reset"))
    model.rowsInserted.connect(lambda parent, first, last: seen.append(("insert", first, last)))
    return seen


def test_pages_through_modeltester_and_stops_at_the_end(qtmodeltester):
    model = Numbers(list(range(25)))
    model.reload()
    assert model.rowCount() == 10 and model.canFetchMore(QModelIndex())
    qtmodeltester.check(model, force_py=True)  # fetches more itself, checking each insert
    assert model.rowCount() == 25 and not model.canFetchMore(QModelIndex())
    assert model.loads == [(0, 10), (10, 10), (20, 10)]  # the short third page ends it
    assert [model.index(r, 1).data() for r in (0, 24)] == ["0", "576"]
    seen = _signals(model)
    model.fetchMore(QModelIndex())  # at the end: no query, no rows
    assert len(model.loads) == 3 and model.rowCount() == 25 and seen == []


def test_an_exact_multiple_ends_on_an_empty_page():
    model = Numbers(list(range(20)))
    model.reload()
    seen = _signals(model)
    model.fetchMore(QModelIndex())
    assert seen == [("insert", 10, 19)]
    assert model.rowCount() == 20 and model.canFetchMore(QModelIndex())  # cannot know yet
    model.fetchMore(QModelIndex())
    assert model.loads == [(0, 10), (10, 10), (20, 10)]
    assert model.rowCount() == 20 and not model.canFetchMore(QModelIndex())
    assert seen == [("insert", 10, 19)]  # the empty page inserts nothing


def test_reload_starts_over_with_the_new_filter():
    model = Numbers(list(range(25)))
    model.reload()
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 20
    seen = _signals(model)
    model.minimum = 20  # a new filter
    model.reload()
    assert seen == ["reset"]  # the first page arrives inside the reset
    assert [model.row_item(r) for r in range(model.rowCount())] == [21, 22, 23, 24]
    assert not model.canFetchMore(QModelIndex()) and model.loads[-1] == (0, 10)
    model.minimum = -1
    model.reload()
    assert model.rowCount() == 10 and model.canFetchMore(QModelIndex())


def test_first_page_can_follow_the_reset_as_an_insert(qtmodeltester):
    model = InsertedFirst(list(range(15)))
    seen = _signals(model)
    model.reload()
    assert seen == ["reset", ("insert", 0, 9)] and model.rowCount() == 10
    qtmodeltester.check(model, force_py=True)


def test_headers_and_flags_make_a_read_only_flat_table():
    model = Numbers(list(range(3)))
    model.reload()
    assert model.columnCount() == 2
    assert [model.headerData(c, Qt.Horizontal) for c in range(3)] == ["Number", "Square", None]
    assert model.headerData(0, Qt.Vertical) is None
    flags = model.flags(model.index(1, 1))
    assert flags & Qt.ItemIsSelectable and flags & Qt.ItemIsEnabled
    assert not flags & Qt.ItemIsEditable
    assert model.flags(QModelIndex()) == Qt.NoItemFlags
    cell = model.index(0, 0)
    assert model.rowCount(cell) == 0 and model.columnCount(cell) == 0
    assert not model.canFetchMore(cell)
    assert model.row_item(3) is None and model.row_item(-1) is None


def test_the_case_list_model_loads_no_storage_at_import():
    code = ("import json, sys\n"
            "import counsel_app.ui.paged_model, counsel_app.ui.case_list_model\n"
            "print(json.dumps(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, check=True)
    loaded = json.loads(out.stdout)
    assert [m for m in loaded if m.split(".")[0] == "sqlalchemy"
            or m.startswith(("counsel_app.storage", "counsel_app.security"))] == []
