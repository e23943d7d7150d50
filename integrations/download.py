"""Download user-supplied media links without letting them reach internal services.

Every hop (the first URL and each redirect) is resolved and checked, and the request then
connects to the exact address that was checked, so a DNS answer that changes between the
check and the connect (DNS rebinding) cannot steer us to a private or metadata address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import httpx
import structlog

from core.errors import BadRequest, NotFound, Transient

log = structlog.get_logger(__name__)

Resolver = Callable[[str, int], Awaitable[list[str]]]
Progress = Callable[[int, int | None], None]
IP = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_REDIRECTS = 5
CHUNK = 1024 * 1024
_METADATA_IPS = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_METADATA_NAMES = {"metadata.google.internal", "metadata.goog", "metadata"}
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_THIS_NET = ipaddress.ip_network("0.0.0.0/8")  # Linux treats 0.x.x.x as "this host"
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_BINARY_TYPES = {"application/octet-stream", "application/ogg", "binary/octet-stream"}
_TEXT_TYPES = {"text/vtt", "text/plain", "application/x-subrip"}
_TEXT_EXTS = {".vtt", ".srt", ".txt"}
_MEDIA_EXTS = {
    ".mp3",
    ".m4a",
    ".wav",
    ".ogg",
    ".oga",
    ".opus",
    ".flac",
    ".aac",
    ".wma",
    ".amr",
    ".webm",
    ".mp4",
    ".m4v",
    ".mov",
    ".mkv",
    ".avi",
    ".3gp",
    ".mpeg",
    ".mpga",
}
_CD_EXT = re.compile(r"filename\*\s*=\s*([\w-]*)'[^']*'([^;\s]+)", re.IGNORECASE)
_CD_PLAIN = re.compile(r'filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))', re.IGNORECASE)


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


async def _system_resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _embedded(ip: IP) -> list[IP]:
    """The addresses traffic to ip really reaches: tunnels and mappings embed an IPv4 host."""
    if isinstance(ip, ipaddress.IPv4Address):
        return [ip]
    if ip.ipv4_mapped or ip in _NAT64:  # only a wrapper: judge the IPv4 address alone
        return [ip.ipv4_mapped or ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return [ip, *(a for a in (ip.sixtofour, ip.teredo and ip.teredo[1]) if a)]


def _refusal(ip: IP, allow_private: bool) -> str | None:
    for addr in _embedded(ip):
        if addr in _METADATA_IPS or addr.is_link_local:  # refused even with allow_private
            return "a link-local or cloud metadata address"
        # ::1 sits inside the reserved ::/8, so loopback is left to the private rule
        reserved = addr.is_reserved and not addr.is_loopback
        if reserved or addr.is_unspecified or addr.is_multicast or addr in _THIS_NET:
            return "a reserved address"
        if not allow_private and (addr.is_loopback or addr.is_private or addr in _CGNAT):
            return "a private network address"
    return None


def _fmt_size(n: float) -> str:
    units, i = ("bytes", "KB", "MB", "GB"), 0
    while n >= 1024 and i < len(units) - 1:
        n, i = n / 1024, i + 1
    return f"{n:.0f} bytes" if i == 0 else f"{n:.1f} {units[i]}"


def _check_size(size: int | None, limit: int) -> None:
    if size is not None and size > limit:
        raise BadRequest(f"the file is {_fmt_size(size)}, over the {_fmt_size(limit)} limit")


def _sanitise(name: str) -> str:
    # Only the last path segment survives, so a name can never climb out of dest_dir.
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".").strip()
    if len(name) > 120:
        suffix = PurePosixPath(name).suffix[:16]
        name = name[: 120 - len(suffix)] + suffix
    return name or "download"


def _filename(response: httpx.Response, url: httpx.URL) -> str:
    disposition = response.headers.get("content-disposition", "")
    if m := _CD_EXT.search(disposition):  # RFC 6266: filename* wins over filename
        try:
            return _sanitise(unquote(m[2], encoding=m[1] or "utf-8", errors="replace"))
        except LookupError:  # unknown charset label
            return _sanitise(unquote(m[2]))
    if m := _CD_PLAIN.search(disposition):
        return _sanitise(re.sub(r"\\(.)", r"\1", m[1]) if m[1] is not None else m[2])
    return _sanitise(unquote(url.path))


def _check_type(content_type: str, filename: str) -> None:
    ext = PurePosixPath(filename).suffix.lower()
    if content_type == "text/html" or content_type.startswith("application/xhtml"):
        raise BadRequest("that link is a web page, not a recording or transcript")
    if content_type.startswith(("audio/", "video/")) or content_type in _BINARY_TYPES:
        return
    if content_type in _TEXT_TYPES and ext in _TEXT_EXTS:
        return
    # Servers often mislabel media; a known extension is hint enough (decoding checks later).
    if ext in _MEDIA_EXTS | _TEXT_EXTS and not content_type.startswith("text/"):
        return
    raise BadRequest(f"unsupported file type ({content_type or 'none given'}) for {filename}")


def _retry_after(value: str | None) -> float | None:
    """Retry-After is either a number of seconds or an HTTP date."""
    if not value or value.strip().isdigit():
        return float(value) if value else None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _raise_for_status(response: httpx.Response, host: str) -> None:
    code = response.status_code
    if 200 <= code < 300:
        return
    try:  # our phrase, not the server's: that would be remote text in a user-facing message
        phrase = f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        phrase = str(code)
    if code in (404, 410):
        raise NotFound(f"the link returned {phrase}")
    if code in (401, 403):
        raise NotFound(f"access denied ({code}) by {host}; the link may be private or expired")
    if code == 429:
        wait = _retry_after(response.headers.get("retry-after"))
        raise Transient(f"{host} is rate limiting downloads (429)", retry_after_s=wait)
    if code >= 500:
        raise Transient(f"{host} had a server error ({code})")
    raise BadRequest(f"the link returned an unexpected response ({phrase})")


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
        timeout: httpx.Timeout | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._policy = policy
        self._resolve = resolver or _system_resolve
        self._timeout = timeout or httpx.Timeout(60.0, connect=10.0)
        self._transport = transport

    async def check(self, url: str) -> None:
        """Refuse (BadRequest) a URL we must not fetch; sends nothing to the target."""
        await self._target(url)

    async def _target(self, raw: str | httpx.URL) -> _Target:
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
        if host in _METADATA_NAMES:
            raise BadRequest(f"{host} is a cloud metadata service, not a download")
        allowed = self._policy.allowed_hosts
        if allowed is not None and not any(host == h or host.endswith(f".{h}") for h in allowed):
            raise BadRequest(f"downloads from {host} are not allowed")
        addresses = await self._addresses(host, url.port or (443 if url.scheme == "https" else 80))
        for ip in addresses:
            if reason := _refusal(ip, self._policy.allow_private):
                raise BadRequest(f"{host} points to {reason}, which is not allowed")
        return _Target(url, host, tuple(str(ip) for ip in addresses))

    async def _addresses(self, host: str, port: int) -> list[IP]:
        with suppress(ValueError):
            return [ipaddress.ip_address(host)]  # IP literal: nothing to resolve
        try:
            async with asyncio.timeout(self._timeout.connect or 10.0):
                found = await self._resolve(host, port)
            # getaddrinfo may add an IPv6 zone ("%eth0"); the address is what is checked
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in found]
        except TimeoutError:
            raise Transient(f"timed out resolving host {host}") from None
        except (OSError, ValueError):
            addresses = []
        if not addresses:
            raise BadRequest(f"could not resolve host {host}")
        return addresses

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
                return await client.send(request, stream=True)
            except httpx.ConnectError:  # try the host's next checked address
                continue
            except httpx.TransportError as exc:
                raise Transient(f"could not reach {target.host} ({type(exc).__name__})") from None
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
            timeout=self._timeout,
            transport=self._transport,
        ) as client:
            target, caller = await self._target(url), dict(headers or {})
            for _ in range(MAX_REDIRECTS + 1):
                response = await self._send(client, target, method, {**caller, **(extra or {})})
                if not response.is_redirect:
                    try:
                        if response.status_code not in accept:
                            _raise_for_status(response, target.host)
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
        filename = _filename(response, target.url)
        _check_type(content_type, filename)
        _check_size(size, self._policy.max_bytes)
        log.info("download.checked", host=target.host, content_type=content_type, size=size)
        return RemoteFile(str(target.url), content_type, size, filename)

    async def probe(self, url: str, *, headers: Mapping[str, str] | None = None) -> RemoteFile:
        """Check the link and describe the file behind it without downloading it."""
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
            log.warning("download.failed", host=host, error=type(exc).__name__)
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
        path, count, limit = _create_unique(dest_dir, info.filename), 0, self._policy.max_bytes
        try:
            with path.open("wb") as fh:
                async for chunk in response.aiter_bytes(CHUNK):
                    count += len(chunk)
                    if count > limit:  # Content-Length may be missing or wrong
                        raise BadRequest(f"the file is over the {_fmt_size(limit)} limit")
                    await asyncio.to_thread(fh.write, chunk)
                    if on_progress is not None:
                        on_progress(count, info.size)
        except BaseException:
            path.unlink(missing_ok=True)  # never leave a partial file behind
            raise
        return path, count
