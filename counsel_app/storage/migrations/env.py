"""Alembic environment: runs on the connection handed over by counsel_app.storage.migrate."""

from alembic import context

from counsel_app import areas
from counsel_app.storage.models import Base

areas.load_models()  # every area's tables (the migrations' autogenerate compares them)
target_metadata = Base.metadata
config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # the alembic CLI, for developers
        from counsel_app.storage.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
        with engine.begin() as connection:
            _run_on(connection)
        return
    _run_on(connection)


def _run_on(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
