"""The Qt layer: thin widgets over the Qt-free services."""
