"""Storage: SQLAlchemy 2.0 models, migrations and repositories. Never imports Qt."""
