"""A small HTTP server on 127.0.0.1 for the fetching tests: routes set per test, every
request recorded. Nothing here touches the internet."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["Reply", "Server", "serve"]


@dataclass
class Reply:
    """What the server answers on a path: status, headers, body; ``delay`` seconds before
    the headers; ``trickle``: seconds between body chunks of 1 KiB; ``etag``: answer 304
    when the request's If-None-Match equals it."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    trickle: float = 0.0


Route = Reply | Callable[[BaseHTTPRequestHandler], Reply] | list[Reply]


class Server:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                outer.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = outer.routes.get(self.path)
                if route is None:
                    reply = Reply(404, b"<html><body>not found</body></html>", {"Content-Type": "text/html"})
                elif isinstance(route, list):
                    reply = route.pop(0) if len(route) > 1 else route[0]
                elif callable(route):
                    reply = route(self)
                else:
                    reply = route
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.etag is not None and self.headers.get("If-None-Match") == reply.etag:
                    self.send_response(304)
                    self.send_header("ETag", reply.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if reply.etag is not None:
                    self.send_header("ETag", reply.etag)
                if "Content-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                try:
                    if reply.trickle:
                        for i in range(0, len(reply.body), 1024):
                            self.wfile.write(reply.body[i : i + 1024])
                            self.wfile.flush()
                            time.sleep(reply.trickle)
                    else:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


def serve() -> Iterator[Server]:
    """Start a server (a generator for a pytest fixture); stopped afterwards."""
    server = Server()
    server.thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
