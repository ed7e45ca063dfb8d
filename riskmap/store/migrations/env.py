"""Alembic environment: riskmap runs its migrations on a connection it opened itself.

riskmap.store.migrate passes the connection (inside the caller's transaction) and the database's
SRID in `config.attributes`; nothing here reads alembic.ini or a URL.
"""

from alembic import context

from riskmap.store.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata)
with context.begin_transaction():
    context.run_migrations()
