"""The review history: every batch run, submission and finding, in a database through SQLAlchemy
(a SQLite file by default, PostgreSQL by URL). The schema is versioned by the Alembic migrations
shipped in ``migrations/`` and upgraded whenever a store is opened.

Imported only by ``batch`` and ``dashboard``; SQLAlchemy and Alembic stay off ``validate``.
"""
