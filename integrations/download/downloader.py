"""Download user-supplied media links without letting them reach internal services.

Every hop (the first URL and each redirect) is resolved and checked, and the request then
connects to the exact address that was checked, so a DNS answer that changes between the
check and the connect (DNS rebinding) cannot steer us to a private or metadata address.
Which addresses are refused lives in integrations.download.addresses; what a response may be
(type, size, name, status) in integrations.download.responses; how long a server may keep us
waiting in integrations.download.deadlines.
"""

from __future__ import annotations

import asyncio
import re
import ssl
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import aclosing, asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import httpx
import structlog

from core.errors import BadRequest, ScribeError, Transient
from core.settings import Settings
from integrations.download.addresses import (
    IP,
    METADATA_NAMES,
    PRIVATE,
    Resolver,
    literal_address,
    refusal,
    resolve,
    system_resolve,
)
from integrations.download.deadlines import Deadlines, watched
from integrations.download.responses import (
    check_size,
    check_type,
    fmt_size,
    raise_for_status,
    remote_filename,
)

log = structlog.get_logger(__name__)

Progress = Callable[[int, int | None], None]

MAX_REDIRECTS = 5
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class DownloadPolicy:
    allow_private: bool = False
    max_bytes: int = 4 * 1024**3
    allowed_hosts: frozenset[str] | None = None  # None: any host; else these and subdomains


@dataclass(frozen=True)
class RemoteFile:
    final_url: str  # may carry a signed query string: never log or show it
    content_type: str
    size: int | None
    filename: str


@dataclass(frozen=True)
class _Target:
    url: httpx.URL
    host: str
    addresses: tuple[str, ...]  # every one of them passed the policy


def _same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    """Whether caller headers (credentials) may follow a redirect from a to b."""
    upgrade = a.scheme == "http" and b.scheme == "https" and a.port is b.port is None
    return a.raw_host == b.raw_host and ((a.scheme, a.port) == (b.scheme, b.port) or upgrade)


def _host_of(url: str) -> str:
    with suppress(httpx.InvalidURL):
        return httpx.URL(url).host
    return ""


def _create_unique(dest_dir: Path, filename: str) -> Path:
    """Create an empty file named after filename, never overwriting an existing one."""
    stem, suffix = PurePosixPath(filename).stem, PurePosixPath(filename).suffix
    for n in range(1000):
        path = dest_dir / (filename if n == 0 else f"{stem}-{n}{suffix}")
        with suppress(FileExistsError):
            path.open("xb").close()
            return path
    raise BadRequest(f"too many files named {filename} already exist")


class SafeDownloader:
    def __init__(
        self,
        *,
        policy: DownloadPolicy,
        resolver: Resolver | None = None,
        deadlines: Deadlines | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._policy = policy
        self._resolve = resolver or system_resolve
        self._deadlines = deadlines or Deadlines()
        self._transport = transport
        # Loading the CA bundle costs about 20 ms of CPU: once per downloader, at start-up,
        # not per request (nor in the middle of the first burst of requests).
        self._tls: ssl.SSLContext = httpx.create_ssl_context()

    async def warm_up(self) -> None:
        """Load now what httpx loads on its first request: httpcore, and anyio's asyncio
        backend. That takes about 45 ms, which in the receiver would otherwise block the
        event loop in the middle of the first burst of commands, at their first link probe."""
        import anyio
        import httpcore  # noqa: F401 - imported for its side effect, as explained above

        await anyio.sleep(0)

    def screen(self, url: str) -> None:
        """Refuse (BadRequest) what the link's text alone shows we must not fetch: another
        scheme, credentials, a metadata host name, a host outside the allowed ones, an address
        the policy refuses written as such. Resolves no name and sends nothing."""
        self._screened(url)

    async def check(self, url: str) -> None:
        """Refuse (BadRequest) a URL we must not fetch; sends nothing to the target."""
        await self._target(url)

    def _screened(self, raw: str | httpx.URL) -> tuple[httpx.URL, str]:
        try:
            url = httpx.URL(raw)
        except httpx.InvalidURL:
            raise BadRequest("that link is not a valid URL") from None
        if url.scheme not in ("http", "https"):
            raise BadRequest("only http and https links can be downloaded")
        if url.userinfo:
            raise BadRequest("links with a user name or password in them are not accepted")
        host = url.raw_host.decode("ascii").lower().rstrip(".")
        if not host:
            raise BadRequest("that link has no host name")
        if host in METADATA_NAMES:
            raise BadRequest(f"{host} is a cloud metadata service, not a download")
        allowed = self._policy.allowed_hosts
        if allowed is not None and not any(host == h or host.endswith(f".{h}") for h in allowed):
            raise BadRequest(f"downloads from {host} are not allowed")
        if (ip := literal_address(host)) is not None:
            self._refuse_if_barred(host, [ip])
        return url, host

    async def _target(self, raw: str | httpx.URL) -> _Target:
        url, host = self._screened(raw)
        port = url.port or (443 if url.scheme == "https" else 80)
        addresses = await resolve(self._resolve, host, port, self._deadlines.connect_s)
        self._refuse_if_barred(host, addresses)
        return _Target(url, host, tuple(str(ip) for ip in addresses))

    def _refuse_if_barred(self, host: str, addresses: list[IP]) -> None:
        for ip in addresses:
            if reason := refusal(ip, self._policy.allow_private):
                fix = " (SCRIBE_ALLOW_PRIVATE_URLS=true allows it)" if reason == PRIVATE else ""
                raise BadRequest(f"{host} points to {reason}, which is not allowed{fix}")

    async def _send(
        self, client: httpx.AsyncClient, target: _Target, method: str, headers: Mapping[str, str]
    ) -> httpx.Response:
        # Connect to an address we just checked instead of letting httpx resolve the name
        # again: a rebinding DNS server could answer differently the second time. Host keeps
        # virtual hosting working, and httpcore uses the sni_hostname extension for TLS SNI
        # and certificate verification, so https is still verified against the real name.
        name, netloc = target.url.raw_host.decode("ascii"), target.url.netloc.decode("ascii")
        ext = {"sni_hostname": name} if target.url.scheme == "https" else {}
        # identity: Content-Length then counts real bytes, and no decompression bombs
        sent = {**headers, "Host": netloc, "Accept-Encoding": "identity"}
        error = f"could not connect to {target.host}"
        for ip in target.addresses:
            url = target.url.copy_with(host=ip)
            request = client.build_request(method, url, headers=sent, extensions=ext)
            try:
                # httpx's read timeout restarts with every byte: headers sent a byte at a time
                # would never time out without a deadline of their own.
                async with asyncio.timeout(self._deadlines.headers_s):
                    return await client.send(request, stream=True)
            except httpx.ConnectError:  # try the host's next checked address
                continue
            except httpx.TransportError as exc:
                raise Transient(f"could not reach {target.host} ({type(exc).__name__})") from None
            except TimeoutError:
                raise Transient(
                    f"{target.host} did not send a complete response within "
                    f"{self._deadlines.headers_s:g} s"
                ) from None
        raise Transient(error)

    @asynccontextmanager
    async def _open(
        self,
        url: str,
        method: str,
        headers: Mapping[str, str] | None,
        extra: Mapping[str, str] | None = None,
        accept: frozenset[int] = frozenset(),
    ) -> AsyncIterator[tuple[httpx.Response, _Target]]:
        """Yield the final response; every hop is checked before it is contacted."""
        async with httpx.AsyncClient(
            follow_redirects=False,
            trust_env=False,
            timeout=self._deadlines.httpx_timeout(),
            transport=self._transport,
            verify=self._tls,
        ) as client:
            target, caller = await self._target(url), dict(headers or {})
            for _ in range(MAX_REDIRECTS + 1):
                response = await self._send(client, target, method, {**caller, **(extra or {})})
                if not response.is_redirect:
                    try:
                        if response.status_code not in accept:
                            raise_for_status(response, target.host)
                        yield response, target
                    finally:
                        await response.aclose()
                    return
                await response.aclose()
                try:
                    nxt = target.url.join(response.headers["location"])
                except httpx.InvalidURL:
                    raise BadRequest(f"{target.host} sent an invalid redirect") from None
                if not _same_origin(target.url, nxt):
                    caller = {}  # like browsers: never hand credentials on to another site
                log.info("download.redirect", from_host=target.host, to_host=nxt.host)
                target = await self._target(nxt)
            raise BadRequest("the link redirected too many times")

    def _describe(self, response: httpx.Response, target: _Target) -> RemoteFile:
        headers = response.headers
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        size: int | None = None
        if response.status_code == 206:  # ranged GET: the total is in Content-Range
            if m := re.fullmatch(r"bytes \d+-\d+/(\d+)", headers.get("content-range", "")):
                size = int(m[1])
        elif (length := headers.get("content-length", "")).isdigit():
            size = int(length)
        filename = remote_filename(response, target.url)
        check_type(content_type, filename)
        check_size(size, self._policy.max_bytes)
        log.info("download.checked", host=target.host, content_type=content_type, size=size)
        return RemoteFile(str(target.url), content_type, size, filename)

    async def probe(self, url: str, *, headers: Mapping[str, str] | None = None) -> RemoteFile:
        """Check the link and describe the file behind it without downloading it."""
        limit = self._deadlines.check_s
        try:  # the receiver answers the sender after this: it must end, whatever the host does
            async with asyncio.timeout(limit):
                return await self._probe(url, headers)
        except TimeoutError:
            raise Transient(f"{_host_of(url)} did not answer within {limit:g} s") from None

    async def _probe(self, url: str, headers: Mapping[str, str] | None) -> RemoteFile:
        # Some servers (signed-URL stores especially) refuse HEAD; a 1-byte GET does as well.
        no_head = frozenset({405, 501})
        async with self._open(url, "HEAD", headers, accept=no_head) as (response, target):
            if response.status_code not in no_head:
                return self._describe(response, target)
        async with self._open(url, "GET", headers, {"Range": "bytes=0-0"}) as (response, target):
            return self._describe(response, target)  # the body is never read

    async def download(
        self,
        url: str,
        dest_dir: Path,
        *,
        headers: Mapping[str, str] | None = None,
        on_progress: Progress | None = None,
    ) -> Path:
        """Check the link and stream the file into dest_dir; return its path."""
        started, host = time.monotonic(), _host_of(url)
        try:
            async with self._open(url, "GET", headers) as (response, target):
                host = target.host
                path, count = await self._save(response, target, dest_dir, on_progress)
        except BaseException as exc:
            reason = exc.message if isinstance(exc, ScribeError) else None
            log.warning("download.failed", host=host, error=type(exc).__name__, reason=reason)
            if isinstance(exc, httpx.TransportError):  # the body stream broke off
                raise Transient(f"the download from {host} was interrupted") from None
            raise
        seconds = round(time.monotonic() - started, 3)
        log.info("download.finished", host=host, bytes=count, seconds=seconds)
        return path

    async def _save(
        self,
        response: httpx.Response,
        target: _Target,
        dest_dir: Path,
        on_progress: Progress | None,
    ) -> tuple[Path, int]:
        info = self._describe(response, target)
        log.info("download.started", host=target.host)
        path = _create_unique(dest_dir, info.filename)
        try:
            with path.open("wb") as fh:
                count = await self._write(response, target.host, fh, info.size, on_progress)
        except BaseException:
            path.unlink(missing_ok=True)  # never leave a partial file behind
            raise
        return path, count

    async def _write(
        self,
        response: httpx.Response,
        host: str,
        fh: BinaryIO,
        size: int | None,
        on_progress: Progress | None,
    ) -> int:
        count, limit = 0, self._policy.max_bytes
        pending = bytearray()  # chunks come as the network brings them: written a MiB at once
        async with aclosing(watched(response.aiter_bytes(), self._deadlines, host)) as chunks:
            async for chunk in chunks:
                count += len(chunk)
                if count > limit:  # Content-Length may be missing or wrong
                    raise BadRequest(f"the file is over the {fmt_size(limit)} limit")
                pending += chunk
                if len(pending) >= CHUNK:
                    await asyncio.to_thread(fh.write, bytes(pending))
                    pending.clear()
                    if on_progress is not None:
                        on_progress(count, size)
        await asyncio.to_thread(fh.write, bytes(pending))
        if on_progress is not None:
            on_progress(count, size)
        return count


def build_downloader(settings: Settings) -> SafeDownloader:
    policy = DownloadPolicy(
        allow_private=settings.allow_private_urls, max_bytes=int(settings.max_media_bytes)
    )
    return SafeDownloader(policy=policy, deadlines=Deadlines.after(settings.download_stall_s))
