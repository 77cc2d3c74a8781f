"""JSON errors with a stable `code` and a human `message`, for every error the server answers."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.storage import StorageUnavailable

log = logging.getLogger("kring.server")

_BY_STATUS = {
    400: ("bad_request", "The request is not understood."),
    401: ("token_missing", "This request needs a device token."),
    403: ("forbidden", "This device token does not give access to that."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not take that method."),
    413: ("body_too_large", "The request body is larger than this server accepts."),
    429: ("rate_limited", "Too many requests; wait a moment."),
}


class ApiError(HTTPException):
    """An error the API answers as {"code": …, "message": …}."""

    def __init__(
        self, status: int, code: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(status, message, headers)
        self.code = code
        self.message = message


def body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "message": message, **extra}


def too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "body_too_large",
        f"The request body is larger than this server accepts ({limit} bytes).",
    )


def install(app: FastAPI) -> None:
    """Answer every error, including FastAPI's and Starlette's own, as JSON."""

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        if isinstance(exc, ApiError):
            content = body(exc.code, exc.message)
        else:
            code, message = _BY_STATUS.get(exc.status_code, ("http_error", str(exc.detail)))
            content = body(code, message)
        return JSONResponse(content, exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return JSONResponse(body("malformed_json", "The request body is not valid JSON."), 422)
        first = errors[0] if errors else {}
        where = ".".join(str(part) for part in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'invalid')}" if where else "Invalid request."
        details = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in errors]
        return JSONResponse(body("invalid_request", message, errors=details), 422)

    @app.exception_handler(StorageUnavailable)
    async def unavailable(request: Request, exc: StorageUnavailable) -> JSONResponse:
        log.warning("storage unavailable: %s", exc)
        return JSONResponse(
            body(
                "storage_unavailable",
                "The server's database cannot be reached right now; try again shortly.",
            ),
            503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(body("internal_error", "The server ran into a problem."), 500)


class BodyLimit:
    """Refuse request bodies over a size limit (413), by Content-Length or while reading."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await _send_json(send, 400, body("bad_request", "Invalid Content-Length."))
                return
            if size > limit:
                error = too_large(limit)
                await _send_json(send, 413, body(error.code, error.message))
                return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large(limit)
            return message

        await self.app(scope, limited, send)


async def _send_json(send: Send, status: int, content: dict[str, Any]) -> None:
    data = json.dumps(content).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(data)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})
