"""Open a store: a URL (sqlite:///…, postgresql://…) or a plain path to a SQLite file; the schema
is brought to the newest migration on every open."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from ..errors import InputError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration (a test holds it equal to Alembic's head): a store already there opens
# without importing Alembic, which costs a quarter of a second per command.
HEAD = "0001"
DEFAULT_STORE = "budgetcheck-history.sqlite"


def normalise_url(store: str) -> str:
    """A plain path means a SQLite file; postgresql:// uses psycopg 3 (the driver shipped)."""
    if "://" not in store:
        return f"sqlite:///{Path(store).resolve()}"
    if store.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + store.split("://", 1)[1]
    return store


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL: readers (the dashboard) never block the batch, and a commit survives a killed process
    # without an fsync per submission; foreign keys so that deleting a submission drops its findings.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine) -> None:
    """Run the migrations the store has not had yet."""
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _stamped(engine: Engine) -> str | None:
    """The revision the store says it is at (None for a new or unversioned store)."""
    from sqlalchemy import inspect, text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def schema_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head() or ""


def open_store(store: str) -> sessionmaker[Session]:
    """Sessions on the store, its schema upgraded; InputError (one line) when it cannot be opened."""
    url = normalise_url(store)
    try:
        engine = create_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        if _stamped(engine) != HEAD:
            upgrade(engine)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - drivers raise their own kinds; one line for the user
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(_safe(store), f"cannot open the store ({text[:200]})") from None
    return sessionmaker(engine, expire_on_commit=False)


def _safe(store: str) -> str:
    """The URL without its password, for messages."""
    if "://" in store and "@" in store:
        scheme, rest = store.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return store
