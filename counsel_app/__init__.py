"""Offline counselling and return-information assistant (AVRR).

Everything in this package outside :mod:`counsel_app.ui` runs without Qt.
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("counsel-app")
except _metadata.PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"

APP_NAME = "counsel-app"
APP_TITLE = "Counsel"
