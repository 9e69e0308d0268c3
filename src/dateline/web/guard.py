"""The app's outer layer (pure ASGI middleware): which hosts and origins it answers, how
large a request body may be, and the security headers of every response."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.requests import Request

from dateline.web.errors import ApiError, internal_error, respond
from dateline.web.state import ClientGone, Settings

__all__ = ["MAX_BODY_BYTES", "PAGE_CSP", "Guard"]

MAX_BODY_BYTES = 64 * 1024  # any request body but an upload (a timeline request is a few hundred bytes)
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class Guard:
    """Pure ASGI middleware: refuses requests naming another host (DNS rebinding) and
    POSTs from another origin (a web page cannot make the browser upload to this server);
    limits request bodies (uploads: the upload limit; anything else: 64 KiB), before
    reading when Content-Length says so, else while reading; adds security headers.

    It also answers an error the app did not expect (``500``, details in the log) itself,
    rather than letting it reach the server, which would close the connection: a client's
    keep-alive connection survives any answer. A request whose client has gone
    (:class:`~dateline.web.state.ClientGone`) gets no answer; one the server cancels because
    it is stopping gets ``503 shutting_down``."""

    def __init__(self, app: Any, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        refusal = self._refusal(scope, headers, host)
        if refusal is not None:
            await JSONResponse(refusal.body(), status_code=refusal.status_code)(scope, receive, send)
            return
        path: str = scope["path"]
        upload = path in ("/api/articles", "/upload") and scope["method"] == "POST"
        limit = self.settings.max_upload_bytes if upload else MAX_BODY_BYTES
        name = "upload_bytes" if upload else "body_bytes"
        too_big = ApiError(413, "limit_exceeded", f"the request body is larger than {limit} bytes",
                           {"name": name, "max": limit})
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            early = too_big

            async def refuse() -> Message:
                raise early
            receive_limited: Receive = refuse
        else:
            seen = 0

            async def receive_limited() -> Message:
                nonlocal seen
                message = await receive()
                if message["type"] == "http.request":
                    seen += len(message.get("body", b""))
                    if seen > limit:
                        raise too_big
                return message

        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                raw = list(message.get("headers", []))
                names = {k.lower() for k, _ in raw}
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                         (b"x-frame-options", b"DENY"), (b"content-security-policy", PAGE_CSP.encode())]
                raw.extend((k, v) for k, v in extra if k not in names)
                message["headers"] = raw
            await send(message)

        try:
            await self.app(scope, receive_limited, send_with_headers)
        except ClientGone:
            return
        except asyncio.CancelledError:
            if started:
                raise
            # The server is stopping and its grace period is over (it cancels what still
            # runs): the client hears so, rather than finding its connection closed.
            await respond(Request(scope), 503, {"error": "shutting_down", "message": "the server is stopping; try "
                          "again in a moment"}, {"retry-after": "5"})(scope, receive, send_with_headers)
        except Exception as exc:
            if started:  # too late for an answer of our own: the server closes the connection
                raise
            await internal_error(Request(scope), exc)(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope, headers: Headers, host: str) -> ApiError | None:
        allowed = self.settings.allowed_hosts
        if allowed is not None and _hostname(host) not in allowed:
            return ApiError(400, "bad_host", f"this server does not answer for host {host[:100]!r}")
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
                return ApiError(403, "cross_origin", "requests that change or compute things must come "
                                "from this server's own pages (or a program, without an Origin header)")
        return None


def _hostname(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8000
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
