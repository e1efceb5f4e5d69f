"""The ``petcare`` command: serve the web application, set up the database, load demo data,
create facilities, staff and keys.

Every command reads its configuration from ``PETCARE_*`` variables (docs/configuration.md);
``--database-url`` overrides ``PETCARE_DATABASE_URL``. Errors print one line starting with
``petcare: error:`` and exit with status 1 (2 for a malformed command line).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TextIO, TypeVar

import attrs
from returns.result import Failure, Result

from petcare_adapters.bootstrap import build, open_sql_storage
from petcare_adapters.settings import Settings
from petcare_core.domain.facility import FacilitySettings
from petcare_core.domain.reasons import Rejection
from petcare_core.domain.staff import StaffRole
from petcare_core.ports.errors import PetcareError
from petcare_core.services import (
    OPERATOR,
    LocationDetails,
    NewFacility,
    NewStaffUser,
    PetcareServices,
)
from petcare_web.app import create_app
from petcare_web.config import WebConfig
from petcare_web.demo_data import FACILITY_SLUG, DemoDataError, DemoSummary, load_demo_data
from petcare_web.server import serve

T = TypeVar("T")


class CommandFailed(Exception):
    """A command could not do its work; the message is shown to the user as is."""


def _rejected(what: str, rejection: Rejection) -> CommandFailed:
    return CommandFailed(f"{what} refused: " + "; ".join(rejection.messages))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="petcare",
        description="petcare: customer portal and Gingr-compatible API for pet-care businesses.",
    )
    parser.add_argument(
        "--database-url",
        help="database to use (overrides PETCARE_DATABASE_URL; default sqlite:///petcare.db)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="run the web application (portal and APIs)")
    serve.add_argument(
        "--host", help="address to listen on (overrides PETCARE_HTTP_HOST; default 127.0.0.1)"
    )
    serve.add_argument(
        "--port", help="TCP port to listen on (overrides PETCARE_HTTP_PORT; default 8080)"
    )
    # SUPPRESS: an absent option here must not erase the one given before the command.
    serve.add_argument("--database-url", default=argparse.SUPPRESS, help="as before the command")
    serve.add_argument(
        "--demo",
        action="store_true",
        help="load the demo facility first (migrating an SQLite database) and print its logins",
    )

    db = commands.add_parser("db", help="manage the database schema")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_commands.add_parser("upgrade", help="apply every pending migration")

    commands.add_parser(
        "demo-data",
        help="create or complete the demo facility (migrates the database first)",
    )

    facility = commands.add_parser("facility", help="manage facilities")
    facility_commands = facility.add_subparsers(dest="facility_command", required=True)
    create_facility = facility_commands.add_parser("create", help="create a facility")
    create_facility.add_argument("--slug", required=True, help="URL name, e.g. happy-tails")
    create_facility.add_argument("--name", required=True, help="the business's name")
    create_facility.add_argument("--timezone", required=True, help="IANA zone, e.g. America/Denver")
    create_facility.add_argument("--currency", required=True, help="ISO 4217 code, e.g. USD")
    create_facility.add_argument(
        "--phone-region", default="US", help="region for local phone numbers (default US)"
    )
    create_facility.add_argument("--location", help="name of the first location (optional)")

    staff = commands.add_parser("staff", help="manage staff users")
    staff_commands = staff.add_subparsers(dest="staff_command", required=True)
    create_staff = staff_commands.add_parser("create", help="create a staff user")
    create_staff.add_argument("--facility", required=True, help="the facility's slug")
    create_staff.add_argument("--username", required=True)
    create_staff.add_argument("--first-name", required=True)
    create_staff.add_argument("--last-name", required=True)
    create_staff.add_argument("--email", default="")
    create_staff.add_argument(
        "--role",
        default=StaffRole.EMPLOYEE.value,
        choices=[role.value for role in StaffRole],
        help="default permissions of the role (default employee)",
    )

    api_key = commands.add_parser("api-key", help="manage API keys")
    api_key_commands = api_key.add_subparsers(dest="api_key_command", required=True)
    create_key = api_key_commands.add_parser("create", help="issue an API key to a staff user")
    create_key.add_argument("--facility", required=True, help="the facility's slug")
    create_key.add_argument("--username", required=True, help="the staff user the key acts as")
    create_key.add_argument("--label", default="", help="what the key is for")
    return parser


def _settings(args: argparse.Namespace, environ: Mapping[str, str]) -> Settings:
    settings = Settings.from_env(environ)
    if args.database_url is not None:
        try:
            settings = attrs.evolve(settings, database_url=args.database_url)
        except ValueError as error:
            raise CommandFailed(f"--database-url is not valid: {error}") from error
    return settings


def _serve_settings(settings: Settings, args: argparse.Namespace) -> Settings:
    """``settings`` with ``--host`` and ``--port`` applied (checked like the variables)."""
    try:
        if args.host is not None:
            settings = attrs.evolve(settings, http_host=args.host.strip())
    except ValueError as error:
        raise CommandFailed(f"--host is not valid: {error}") from error
    if args.port is not None:
        port = args.port.strip()
        try:
            settings = attrs.evolve(settings, http_port=int(port) if port.isdigit() else -1)
        except ValueError as error:
            raise CommandFailed(f"--port {args.port!r} is not valid: {error}") from error
    return settings


def _serve(
    settings: Settings,
    args: argparse.Namespace,
    environ: Mapping[str, str],
    out: TextIO,
    err: TextIO,
) -> None:
    settings = _serve_settings(settings, args)
    if args.database_url is None and "PETCARE_DATABASE_URL" not in environ:
        out.write(
            f"No database configured (PETCARE_DATABASE_URL or --database-url): using the "
            f"embedded SQLite database {settings.database_url}\n"
        )
    if args.demo and settings.database_url.startswith("sqlite"):
        _db_upgrade(settings, out)
    # petcare's own lines (the access log) at INFO; libraries only when something is wrong.
    logging.basicConfig(
        level=logging.WARNING,
        stream=err,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("petcare").setLevel(logging.INFO)
    services, close = build(settings)
    try:
        if args.demo:
            out.write(f"Loading the demo data into {_shown_url(settings)} ...\n")
            try:
                summary = load_demo_data(services)
            except DemoDataError as error:
                raise CommandFailed(str(error)) from error
            _print_summary(summary, out)
        app = create_app(services, _web_config(settings))

        def ready(url: str) -> None:
            lines = [f"petcare is listening on {url} (Ctrl+C to stop)"]
            if args.demo:
                lines.append(f"  demo portal: {url}f/{FACILITY_SLUG}/")
                lines.append(f"  Gingr API:   {url}api/v1/owners?key=<the API key above>")
            out.write("\n".join(lines) + "\n")
            out.flush()

        try:
            serve(app, settings.http_host, settings.http_port, ready)
        except OSError as error:
            raise CommandFailed(
                f"cannot listen on {settings.http_host}:{settings.http_port}: "
                f"{error.strerror or error}; choose another --host or --port"
            ) from error
        out.write("petcare stopped.\n")
    finally:
        close()


def _web_config(settings: Settings) -> WebConfig:
    """The web application's configuration from the deployment's settings."""
    config = WebConfig(
        executor_threads=settings.database_pool_size,
        behind_tls=settings.behind_tls,
        public_url=settings.public_url,
        gingr_cache_seconds=settings.gingr_cache_seconds,
    )
    if settings.session_secret:
        config = attrs.evolve(config, session_secret=settings.session_secret.encode())
    return config


def _with_services(settings: Settings, work: Callable[[PetcareServices], None]) -> None:
    services, close = build(settings)
    try:
        work(services)
    finally:
        close()


def _db_upgrade(settings: Settings, out: TextIO) -> None:
    storage = open_sql_storage(settings)
    try:
        storage.upgrade()
    finally:
        storage.close()
    out.write("The database schema is up to date.\n")


def _demo_data(settings: Settings, out: TextIO) -> None:
    if not settings.uses_memory_storage:
        _db_upgrade(settings, out)
    out.write(f"Loading the demo data into {_shown_url(settings)} ...\n")

    interactive = out.isatty()

    def show_progress(step: str) -> None:
        # A terminal sees a counter; a log file sees one line when each phase completes.
        if interactive:
            out.write(f"\r  {step:<40}")
            out.flush()
        else:
            done, _, total = step.rpartition(" ")[2].partition("/")
            if done == total:
                out.write(f"  {step}\n")

    def load(services: PetcareServices) -> None:
        try:
            summary = load_demo_data(services, show_progress)
        except DemoDataError as error:
            raise CommandFailed(str(error)) from error
        if interactive:
            out.write("\r" + " " * 44 + "\r")
        _print_summary(summary, out)

    _with_services(settings, load)


def _shown_url(settings: Settings) -> str:
    url = settings.database_url
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return url


def _print_summary(summary: DemoSummary, out: TextIO) -> None:
    statuses = ", ".join(f"{count} {name}" for name, count in summary.records_by_status.items())
    lines = [
        f"{summary.facility.name} (slug {summary.facility.slug}) is ready"
        + (f"; {summary.created} records created." if summary.created else "; nothing to add."),
        "  locations:  " + "; ".join(location.name for location in summary.locations),
        f"  owners:     {summary.owners}",
        f"  pets:       {summary.animals}",
        f"  vaccination records: {statuses}",
        "  vaccine status per pet and vaccine: "
        + ", ".join(f"{count} {name}" for name, count in summary.vaccine_states.items()),
        *summary.bookings.summary_lines(),
        f"  invite code for sign-ups: {summary.facility.invite_code}",
        f"  demo pet parent login: {summary.parent_email} / {summary.parent_password}",
        f"  staff user: {summary.staff_user.username} ({summary.staff_user.role.value})",
        f"  API key (shown once; earlier demo keys are revoked): {summary.api_key}",
    ]
    out.write("\n".join(lines) + "\n")


def _facility_create(settings: Settings, args: argparse.Namespace, out: TextIO) -> None:
    command = NewFacility(
        slug=args.slug,
        name=args.name,
        timezone=args.timezone,
        currency=args.currency,
        settings=FacilitySettings(phone_region=args.phone_region.strip().upper()),
        first_location=LocationDetails(name=args.location) if args.location else None,
    )

    def create(services: PetcareServices) -> None:
        facility = _unwrap("facility", services.create_facility(command))
        out.write(
            f"Created facility {facility.name!r} (id {facility.id}, slug {facility.slug}); "
            f"invite code {facility.invite_code}\n"
        )

    _with_services(settings, create)


def _staff_create(settings: Settings, args: argparse.Namespace, out: TextIO) -> None:
    command = NewStaffUser(
        username=args.username,
        first_name=args.first_name,
        last_name=args.last_name,
        role=args.role,
        email=args.email,
    )

    def create(services: PetcareServices) -> None:
        facility = services.facility_by_slug(args.facility)
        user = _unwrap("staff user", services.create_staff_user(facility.id, OPERATOR, command))
        permissions = ", ".join(sorted(permission.value for permission in user.permissions))
        out.write(f"Created staff user {user.username} (id {user.id}) with: {permissions}\n")

    _with_services(settings, create)


def _api_key_create(settings: Settings, args: argparse.Namespace, out: TextIO) -> None:
    def create(services: PetcareServices) -> None:
        facility = services.facility_by_slug(args.facility)
        user = services.find_staff_user(facility.id, args.username)
        if user is None:
            raise CommandFailed(
                f"no staff user {args.username!r} in facility {args.facility!r}; "
                "create one with `petcare staff create`"
            )
        issued = _unwrap(
            "API key", services.create_api_key(facility.id, user.id, args.label, actor=OPERATOR)
        )
        out.write(
            f"API key for {user.username} in {facility.slug} (shown once, store it now):\n"
            f"{issued.plain_key}\n"
        )

    _with_services(settings, create)


def _unwrap(what: str, result: Result[T, Rejection]) -> T:
    if isinstance(result, Failure):
        raise _rejected(what, result.failure())
    return result.unwrap()


def run(argv: Sequence[str], environ: Mapping[str, str], out: TextIO, err: TextIO) -> int:
    """Run the command line ``argv`` (without the program name); the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(list(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        settings = _settings(args, environ)
        if args.command == "serve":
            _serve(settings, args, environ, out, err)
        elif args.command == "db":
            _db_upgrade(settings, out)
        elif args.command == "demo-data":
            _demo_data(settings, out)
        elif args.command == "facility":
            _facility_create(settings, args, out)
        elif args.command == "staff":
            _staff_create(settings, args, out)
        else:
            _api_key_create(settings, args, out)
    except (CommandFailed, PetcareError) as error:
        message = " ".join(str(error).split())
        err.write(f"petcare: error: {message}\n")
        return 1
    return 0


def main() -> int:
    """Console entry point."""
    return run(sys.argv[1:], os.environ, sys.stdout, sys.stderr)
