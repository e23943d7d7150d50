"""A loopback HTTP server that answers as slowly as a stuck or hostile host: its response
headers, or its body, one byte at a time. A raw socket server, not an ASGI app: an ASGI server
writes the headers in one piece, and dripping them is the point.

    with dripping() as drip:
        drip.url("/meeting.mp3", headers=True)  # the status line and headers byte by byte
        drip.url("/meeting.mp3")                 # prompt headers, then the body byte by byte
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit


class Drip:
    """Sends one byte every `every_s` seconds until the client hangs up, the server stops or
    the `body_bytes` of the file are sent; counts requests (`hits`)."""

    def __init__(self, every_s: float, body_bytes: int) -> None:
        self.every_s = every_s
        self.body = b"x" * body_bytes
        self.head = (
            "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\n"
            f"Content-Length: {body_bytes}\r\nConnection: close\r\n\r\n"
        ).encode()
        self.base = ""  # set while served
        self.hits = 0
        self.request_lines: list[str] = []
        self.stopped = threading.Event()

    def url(self, path: str = "/meeting.mp3", *, headers: bool = False) -> str:
        return f"{self.base}{path}{'?drip=headers' if headers else ''}"

    def serve(self, conn: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            data = conn.recv(4096)
            if not data:
                return
            request += data
        line = request.split(b"\r\n", 1)[0].decode("latin-1")
        self.hits += 1
        self.request_lines.append(line)
        target = line.split(" ")[1] if line.count(" ") >= 2 else "/"
        drip_headers = parse_qs(urlsplit(target).query).get("drip") == ["headers"]
        if not drip_headers:
            conn.sendall(self.head)
            if line.startswith("HEAD "):
                return
        for byte in self.head if drip_headers else self.body:
            if self.stopped.wait(self.every_s):
                return
            conn.sendall(bytes([byte]))


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        try:
            self.server.drip.serve(self.request)
        except OSError:  # the client hung up, as it should
            pass


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, drip: Drip) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.drip = drip


@contextmanager
def dripping(every_s: float = 0.2, body_bytes: int = 1_000_000) -> Iterator[Drip]:
    drip = Drip(every_s, body_bytes)
    server = _Server(drip)
    drip.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-drip", daemon=True
    )
    thread.start()
    try:
        yield drip
    finally:
        drip.stopped.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
