"""``tearsheet serve``: the reading room, a local web UI over the archive."""

from __future__ import annotations

import errno
import ipaddress
import socket
from pathlib import Path

import click

from tearsheet.errors import MissingExtraError

EXIT_FAILURE = 1
LISTEN_BACKLOG = 2048  # uvicorn's default
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

    try:
        # Bound here, not by uvicorn: a busy port is then one error line, not uvicorn's log.
        sock = listening_socket(host, port)
    except OSError as exc:
        click.echo(f"tearsheet: error: {bind_error(host, port, exc)}", err=True)
        return EXIT_FAILURE
    path = archive_path or default_path()
    with sock, Archive(path, readonly=not allow_add) as archive:
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
        bound_port = sock.getsockname()[1]  # the real one, also when --port 0 let the system choose
        click.echo(
            f"Reading room on http://{_url_host(host)}:{bound_port}/ ({path}, {mode}); Ctrl-C stops it",
            err=True,
        )
        app = create_app(archive, allow_add=allow_add, allowed_hosts=allowed_hosts(host, allow_host))
        config = uvicorn.Config(app, host=host, port=bound_port, log_level="warning", server_header=False)
        uvicorn.Server(config).run(sockets=[sock])
    return 0


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket listening on ``host:port``, as uvicorn would bind it (raises ``OSError``).
    It listens at once: a browser that connects before the server has started waits in
    the queue instead of being refused."""
    address = host.strip("[]")
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        # Lets a restarted server reuse the port at once, never one another process listens on.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
        sock.listen(LISTEN_BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def bind_error(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} is in use"
    return f"cannot listen on {_url_host(host)}:{port}: {(exc.strerror or str(exc)).lower()}"


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
