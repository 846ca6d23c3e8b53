"""`playbook serve` answers a malformed request itself, with 400, 404 or 405: never a 500, never a
traceback in its log, and the site is still served after it."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.conftest import copy_base
from tests.e2e.test_serve import Server, _until


def _status(port: int, request: bytes) -> str:
    """The status line a raw request gets, as it went over the wire. The whole answer is read, to
    the server's end of it: a client that hangs up early makes the server skip its log line."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request + b"\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer.split(b"\r\n", 1)[0].decode("latin-1")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(copy_base(tmp_path_factory.mktemp("serve") / "project"))
    try:
        _until(lambda: "Closing" in running.page("stages/closing/"), 60)
        yield running
    finally:
        running.stop()


MALFORMED = {
    "NUL in the path": (b"GET /%00 HTTP/1.0", "400 Bad Request"),
    "NUL in a page's name": (b"GET /stages/closing/%00.html HTTP/1.0", "400 Bad Request"),
    "control character": (b"GET /%1b%5b31m HTTP/1.0", "400 Bad Request"),
    "not UTF-8, encoded": (b"GET /%ff%fe HTTP/1.0", "400 Bad Request"),
    "not UTF-8, raw": (b"GET /\xff\xfe/ HTTP/1.0", "400 Bad Request"),
    "over-long path": (b"GET /" + b"a/" * 3000 + b" HTTP/1.0", "400 Bad Request"),
    "dot-dot": (b"GET /../../../etc/passwd HTTP/1.0", "404 Not Found"),
    "dot-dot, encoded": (b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.0", "404 Not Found"),
    "bad percent-encoding": (b"GET /stages/%zz/ HTTP/1.0", "404 Not Found"),
    "POST": (b"POST / HTTP/1.0\r\nContent-Length: 0", "405 Method Not Allowed"),
    "DELETE": (b"DELETE /index.html HTTP/1.0", "405 Method Not Allowed"),
    "method with NUL": (b"G\x00T / HTTP/1.0", "400 Bad Request"),
    "method in lower case": (b"get / HTTP/1.0", "400 Bad Request"),
}


@pytest.mark.parametrize("request_line, status", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_request_is_refused(server: Server, request_line: bytes, status: str) -> None:
    assert _status(server.port, request_line) == f"HTTP/1.0 {status}"


def test_the_log_holds_no_traceback_and_the_site_is_still_served(server: Server) -> None:
    for request_line, _ in MALFORMED.values():
        _status(server.port, request_line)
    assert _status(server.port, b"GET /stages/closing/ HTTP/1.0") == "HTTP/1.0 200 OK"
    assert _status(server.port, b"HEAD /stages/closing/ HTTP/1.0") == "HTTP/1.0 200 OK"
    # every refusal is logged on one line of its own, as MkDocs logs any answer but a 200
    _until(lambda: sum(" code 4" in line for line in server.log) >= len(MALFORMED))
    assert not [line for line in server.log if "Traceback" in line or " code 500" in line]
