"""Whether this run can show a window (Qt-free: decides before Qt is loaded)."""

from __future__ import annotations

import os
import sys


def has_display() -> bool:
    """Whether a Qt window can be shown (a platform plug-in was asked for, or X/Wayland)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
