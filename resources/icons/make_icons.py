"""Render counsel-app.svg to the PNG and ICO files the app and the build use.

    python resources/icons/make_icons.py
"""

from pathlib import Path

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - needed by QSvgRenderer
    renderer = QSvgRenderer(str(HERE / "counsel-app.svg"))
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    png = HERE / "counsel-app.png"
    image.save(str(png))
    Image.open(png).save(HERE / "counsel-app.ico",
                         sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
