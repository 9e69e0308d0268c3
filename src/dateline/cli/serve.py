"""``dateline serve``: the web app and the HTTP API over the store."""

from __future__ import annotations

import click

from dateline import __version__
from dateline.cli.base import db_option, friendly_errors, main, store_missing
from dateline.errors import DatelineError
from dateline.store.location import describe

_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")
_GRACE = 2  # seconds requests in progress get to finish when the server is told to stop


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default answers only this computer; 0.0.0.0 answers "
                   "every network the computer is on (no login: only on a network you trust).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--read-only", is_flag=True, help="Refuse uploads (POST /api/articles and the upload page).")
@click.option("--log-requests", is_flag=True, help="Log every request (uvicorn's access log).")
@db_option
@friendly_errors
def serve_command(host: str, port: int, read_only: bool, log_requests: bool, db: str) -> None:
    """Serve the web app and the HTTP API over the store.

    Open the address it prints in a browser: search the articles, build timelines, follow
    every line to its source sentence, upload articles. The API is described at /docs.

    \b
    Examples:
      dateline serve                          http://127.0.0.1:8000/
      dateline serve --db demo.db --port 8080 --read-only
    """
    try:
        import uvicorn

        from dateline.web import create_app
    except ImportError as exc:
        raise DatelineError(f"the web app needs the 'web' extra: pip install 'dateline[web]' ({exc})") from None
    if store_missing(db):
        if read_only:
            raise DatelineError(f"no database at {db}: ingest articles first (dateline ingest PATH...) "
                                "or pass --db FILE")
        click.echo(f"no database at {db} yet: starting with an empty one (upload articles at /upload)", err=True)
    loopback = host in _LOOPBACK_NAMES or host.startswith("127.")
    allowed = tuple(dict.fromkeys([*_LOOPBACK_NAMES, host])) if loopback else None
    app = create_app(db, read_only=read_only, allowed_hosts=allowed)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"dateline {__version__}: serving {describe(db)}{' (read-only)' if read_only else ''} at "
               f"http://{shown}:{port}/  (API: http://{shown}:{port}/docs; Ctrl+C stops)", err=True)
    # SIGTERM or Ctrl+C: requests in progress get GRACE seconds to finish, then the server
    # stops them and its worker processes, and exits.
    uvicorn.run(app, host=host, port=port, log_level="info" if log_requests else "warning", access_log=log_requests,
                server_header=False, timeout_graceful_shutdown=_GRACE)
