"""Offline counselling and return-information assistant (AVRR).

Everything in this package outside :mod:`counsel_app.ui` runs without Qt.
"""

APP_NAME = "counsel-app"
APP_TITLE = "Counsel"


def __getattr__(name: str):
    # ``__version__`` is read from the installed package's metadata on first use only:
    # importing importlib.metadata costs ~20 ms, paid by every start of the app otherwise.
    if name == "__version__":
        from importlib import metadata

        try:
            version = metadata.version("counsel-app")
        except metadata.PackageNotFoundError:  # a source tree that is not installed
            version = "0.0.0+source"
        globals()["__version__"] = version
        return version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _serve_country_info() -> None:
    # country_info imports nothing of the app: the app gives it its folders, languages and
    # catalogs (counsel_app.country_host; country_info.host explains what it asks for).
    from counsel_app import country_host

    country_host.install()


_serve_country_info()
