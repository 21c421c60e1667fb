"""``tearsheet serve``: the reading room, a local web UI over the archive."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from tearsheet.errors import MissingExtraError

LOOPBACK_NAMES = ("localhost",)


@click.command("serve")
@click.option(
    "--archive",
    "archive_path",
    type=click.Path(path_type=Path),
    help="The archive file (default: $TEARSHEET_ARCHIVE, else ~/.local/share/tearsheet/archive.db).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback exposes the archive to the network.",
)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on."
)
@click.option(
    "--allow-host",
    "allow_host",
    multiple=True,
    metavar="NAME",
    help="Also answer to this host name (repeatable), e.g. the machine's LAN name with --host 0.0.0.0. "
    "Loopback names always work.",
)
@click.option(
    "--allow-add",
    is_flag=True,
    help="Allow adding captures through the web (upload form, POST /api/captures).",
)
def serve_command(
    archive_path: Path | None, host: str, port: int, allow_host: tuple[str, ...], allow_add: bool
) -> int:
    """Serve the reading room: search, read and compare the archive's articles in a browser.

    Read-only unless --allow-add is given. Needs the 'web' extra.

    \b
    Example:
        tearsheet serve --archive news.db
        tearsheet serve --port 8080 --allow-add
        tearsheet serve --host 0.0.0.0 --allow-host pi.local
    """
    try:
        import uvicorn

        from tearsheet.web import create_app
    except ImportError as exc:
        raise MissingExtraError("tearsheet serve", "web") from exc
    from tearsheet.archive import Archive, default_path

    path = archive_path or default_path()
    archive = Archive(path, readonly=not allow_add)
    if not is_loopback(host):
        click.echo(
            f"tearsheet: warning: listening on {host}: anyone who can reach this machine can read "
            "the archive" + (" and add to it" if allow_add else ""),
            err=True,
        )
    if is_every_address(host) and not allow_host:
        click.echo("tearsheet: note: it answers only to loopback names: give others' name for this "
                   "machine with --allow-host NAME", err=True)
    mode = "adding allowed" if allow_add else "read-only"
    click.echo(
        f"Reading room on http://{_url_host(host)}:{port}/ ({path}, {mode}); Ctrl-C stops it", err=True
    )
    with archive:
        uvicorn.run(
            create_app(archive, allow_add=allow_add, allowed_hosts=allowed_hosts(host, allow_host)),
            host=host,
            port=port,
            log_level="warning",
            server_header=False,
        )
    return 0


def allowed_hosts(host: str, extra: tuple[str, ...] = ()) -> list[str]:
    """The Host names to answer to besides the loopback names (which the app always
    answers to): the listening address unless it is every address, and ``extra``.
    Any other name is refused, which defeats DNS rebinding (see ``tearsheet.web.guard``)."""
    return [*([host] if not is_every_address(host) else []), *extra]


def is_every_address(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return not host.strip()


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
