"""Errors as the app answers them: a short JSON object for the API
(``{"error": code, "message": text}``, a limit also naming itself), the error page for
pages; never a traceback.

Parameters are validated by FastAPI and pydantic from their declared types and
constraints (so ``/openapi.json`` carries every limit). :func:`split_errors` turns their
validation errors into the app's own: a value beyond a limit is ``limit_exceeded`` naming
the limit (:data:`dateline.web.timelines.LIMITS`), a number below its minimum, a query
parameter that is not a date or not one of its choices, and a request that breaks a rule
between parameters are ``invalid_parameter``; any other error (a value of the wrong type,
such as a number that is not a whole number in the digits 0-9 (:mod:`dateline.web.params`),
an unknown field) is ``invalid_request`` with pydantic's details.

Every answer can be encoded: text from the request that is not valid Unicode (a lone
surrogate) is shown with backslash escapes. An error the app did not expect is a ``500``
whose details go to the log only (:func:`internal_error`); the guard
(:mod:`dateline.web.guard`) answers it without closing the connection.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from dateline.limits import storable
from dateline.web.params import DATE_ERROR, strict_int
from dateline.web.timelines import limit_name

__all__ = ["DATE_ERROR", "ApiError", "install_handlers", "internal_error", "invalid_request", "respond",
           "split_errors"]

log = logging.getLogger("dateline.web")


class ApiError(HTTPException):
    """An error the client can act on: HTTP ``status``, a short ``code``, a sentence saying
    what was wrong, and for a limit its name and maximum."""

    def __init__(self, status: int, code: str, message: str, limit: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code
        self.message = message
        self.limit = limit

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.limit is not None:
            out["limit"] = self.limit
        return out


def split_errors(
    errors: Sequence[Mapping[str, Any]], *, located: bool = True
) -> tuple[list[ApiError], list[Mapping[str, Any]]]:
    """The validation ``errors`` the app words itself (as ApiErrors), and the others.
    ``located``: each ``loc`` starts with where the parameter was (``query``, ``path``,
    ``body``), as in FastAPI's errors (not in a model's own)."""
    mine: list[ApiError] = []
    others: list[Mapping[str, Any]] = []
    for error in errors:
        loc = list(error.get("loc", ()))
        where, path = (loc[0], loc[1:]) if located and loc else (None, loc)
        ours = _app_error(error, str(where) if where is not None else None, [str(x) for x in path])
        if ours is None:
            others.append(error)
        else:
            mine.append(ours)
    return mine, others


def invalid_request(errors: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The ``invalid_request`` body for validation errors the app does not word itself."""
    details = [{"loc": [str(x) for x in e.get("loc", ())], "message": str(e.get("msg", ""))} for e in errors]
    summary = "; ".join(f"{'.'.join(d['loc'][1:] or d['loc'])}: {d['message']}" for d in details[:5])
    return {"error": "invalid_request", "message": summary or "invalid request", "details": details}


def _number(value: Any) -> Any:
    number = strict_int(value)
    return value if number is None else number


def _app_error(error: Mapping[str, Any], where: str | None, path: list[str]) -> ApiError | None:
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    value = error.get("input")
    if kind == "value_error":  # a rule between parameters (the model's validator)
        return ApiError(422, "invalid_parameter", str(ctx.get("error", error.get("msg", ""))))
    if not path:
        return None
    name = path[0]
    if kind == "greater_than_equal":
        return ApiError(422, "invalid_parameter", f"{name} must be at least {ctx['ge']}, got {_number(value)}")
    if kind == "less_than_equal":
        high = int(ctx["le"])
        return ApiError(422, "limit_exceeded", f"{name} is {_number(value)}; the limit is {high}",
                        {"name": limit_name(name, high, characters=False), "parameter": name, "max": high})
    if kind == "string_too_long":
        high = int(ctx["max_length"])
        return ApiError(422, "limit_exceeded", f"{name} is {len(str(value))} characters long; the limit is {high}",
                        {"name": limit_name(name, high, characters=True), "parameter": name, "max": high})
    if kind == "too_long":
        high = int(ctx["max_length"])
        return ApiError(422, "limit_exceeded", f"{name} has {ctx['actual_length']} items; the limit is {high}",
                        {"name": limit_name(name, high, characters=False), "parameter": name, "max": high})
    if kind == DATE_ERROR:
        return ApiError(422, "invalid_parameter", f"{name}: {str(value)[:40]!r} is not a date (YYYY-MM-DD)")
    if kind == "enum" and where == "query":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return ApiError(422, "invalid_parameter", f"{name} {str(value)[:40]!r} is not one of {', '.join(choices)}")
    return None


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api/") or path == "/api" or path == "/openapi.json" or path.startswith("/static/"))


def _clean(obj: Any) -> Any:
    """``obj`` (a JSON value) with every string encodable (:func:`dateline.limits.storable`)."""
    if isinstance(obj, str):
        return storable(obj)
    if isinstance(obj, dict):
        return {_clean(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    return obj


def respond(request: Request, status: int, body: dict[str, Any], headers: Mapping[str, str] | None = None) -> Response:
    """An error as JSON for the API, as the error page for pages."""
    body = _clean(body)
    if _wants_html(request):
        templates = request.app.state.dateline.templates
        page = templates.get_template("error.html").render(status=status, message=body["message"],
                                                           limit=body.get("limit"))
        return HTMLResponse(page, status_code=status, headers=headers)
    return JSONResponse(body, status_code=status, headers=headers)


def internal_error(request: Request, exc: BaseException) -> Response:
    """The answer to an error the app did not expect: logged with its traceback, and a
    ``500`` that says no more than that."""
    log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return respond(request, 500, {"error": "internal_error",
                                  "message": "internal server error; the details are in the server's log"})


def install_handlers(app: FastAPI) -> None:
    """Every error as JSON for the API and as the error page for pages."""

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return respond(request, exc.status_code, exc.body(), exc.headers)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        codes = {404: "not_found", 405: "method_not_allowed", 400: "bad_request", 413: "limit_exceeded"}
        code = codes.get(exc.status_code, "http_error")
        message = {404: f"nothing at {request.url.path[:200]}",
                   405: f"{request.method} is not allowed on {request.url.path[:200]}"}.get(exc.status_code)
        if exc.status_code == 400 and exc.detail == "There was an error parsing the body":
            message = ("the request body could not be read as JSON: it is not UTF-8, or holds a number of "
                       "thousands of digits or nesting thousands of levels deep")
        return respond(request, exc.status_code, {"error": code, "message": message or str(exc.detail)}, exc.headers)

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        mine, others = split_errors(exc.errors())
        if others or not mine:
            return respond(request, 422, invalid_request(others))
        return respond(request, mine[0].status_code, mine[0].body())

    async def unexpected(request: Request, exc: Exception) -> Response:
        return internal_error(request, exc)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected)
