"""Alembic configured in code: the migrations ship inside this package, no ``alembic.ini``."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

MIGRATIONS_DIRECTORY = Path(__file__).with_name("migrations")
# Our own name, so that an embedding application's Alembic history never collides with ours.
VERSION_TABLE = "petcare_alembic_version"


def alembic_config(connection: Connection, *, output: io.StringIO | None = None) -> Config:
    """An Alembic configuration for our migrations that runs on ``connection``."""
    config = Config(stdout=output if output is not None else io.StringIO())
    # configparser interpolates "%"; a path may contain one.
    config.set_main_option("script_location", str(MIGRATIONS_DIRECTORY).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


@cache
def script_directory() -> ScriptDirectory:
    """The migration scripts (parsed once per process)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIRECTORY).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    return ScriptDirectory.from_config(config)
