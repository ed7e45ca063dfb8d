"""Storage: SQLAlchemy 2 ORM schema, engines (SQLite default), loading into arrays."""
