"""SafeDownloader against a real HTTP server on 127.0.0.1 (and a tiny TLS server for SNI)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ssl
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from core.errors import BadRequest, NotFound, Transient
from integrations.download.downloader import DownloadPolicy, RemoteFile, SafeDownloader
from tests.fakes.server import serve

MEDIA = bytes(range(256)) * 64  # 16 KiB
OPEN = DownloadPolicy(allow_private=True)  # the test server lives on loopback


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


class Recorder:
    """ASGI wrapper noting every request that reaches the app."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.requests: list[Seen] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            self.requests.append(Seen(scope["method"], scope["path"], headers))
        await self.app(scope, receive, send)


def media(request: Request) -> Response:
    return Response(MEDIA, media_type="audio/mpeg")


def chain(request: Request) -> Response:
    n = int(request.path_params["n"])
    return RedirectResponse("/media/meeting.mp3" if n == 0 else f"/chain/{n - 1}", 302)


def to_metadata(request: Request) -> Response:
    return RedirectResponse("http://169.254.169.254/latest/meta-data/?token=secret", 302)


def auth_start(request: Request) -> Response:
    # Same port, different host name: a different site as far as credentials go.
    return RedirectResponse(f"http://localhost:{request.url.port}/auth-echo/talk.mp3", 302)


def page(request: Request) -> Response:
    return Response("<html><body>Hi</body></html>", media_type="text/html")


def big(request: Request) -> Response:
    return Response(b"x" * 5000, media_type="audio/mpeg")


def huge_head(request: Request) -> Response:
    # A HEAD answer may declare any length without sending a body.
    return Response(headers={"content-length": str(int(5.2 * 1024**3))}, media_type="audio/mpeg")


def endless(request: Request) -> Response:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(1024):  # 64 MiB, far more than the client may take
            yield b"y" * 65536

    return StreamingResponse(chunks(), media_type="audio/ogg")  # chunked: no Content-Length


def status(request: Request) -> Response:
    code = int(request.path_params["code"])
    return Response("nope", status_code=code, headers={"Retry-After": "7"} if code == 429 else {})


def no_head(request: Request) -> Response:
    if request.method == "HEAD":
        return Response(status_code=405)
    assert request.headers.get("range") == "bytes=0-0"
    return Response(
        MEDIA[:1],
        status_code=206,
        media_type="video/mp4",
        headers={"content-range": f"bytes 0-0/{len(MEDIA)}"},
    )


def disposition(request: Request) -> Response:
    value = request.query_params.get("cd", 'attachment; filename="../../etc/passwd"')
    return Response(MEDIA, media_type="audio/mpeg", headers={"content-disposition": value})


APP = Starlette(
    routes=[
        Route("/media/meeting.mp3", media, methods=["GET", "HEAD"]),
        Route("/auth-echo/talk.mp3", media, methods=["GET", "HEAD"]),
        Route("/chain/{n}", chain, methods=["GET", "HEAD"]),
        Route("/to-metadata", to_metadata, methods=["GET", "HEAD"]),
        Route("/auth-start", auth_start, methods=["GET", "HEAD"]),
        Route("/page", page, methods=["GET", "HEAD"]),
        Route("/big.mp3", big, methods=["GET", "HEAD"]),
        Route("/huge.mp3", huge_head, methods=["HEAD"]),
        Route("/endless", endless, methods=["GET"]),
        Route("/status/{code}", status, methods=["GET", "HEAD"]),
        Route("/no-head", no_head, methods=["GET", "HEAD"]),
        Route("/disposition", disposition, methods=["GET", "HEAD"]),
    ]
)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder(APP)
    with serve(recorder) as base:
        yield base, recorder


@pytest.fixture
def base(server: tuple[str, Recorder]) -> str:
    return server[0]


@pytest.fixture
def seen(server: tuple[str, Recorder]) -> list[Seen]:
    server[1].requests.clear()
    return server[1].requests


def resolver_for(table: dict[str, list[str]]) -> Any:
    async def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(f"unexpected lookup of {host}")
        return table[host]

    return resolve


class CountingTransport(httpx.AsyncBaseTransport):
    """A real transport that notes which hosts were actually contacted."""

    def __init__(self, **kwargs: Any) -> None:
        self.inner = httpx.AsyncHTTPTransport(**kwargs)
        self.hosts: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.host)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


# --- downloads that work -----------------------------------------------------------------


async def test_downloads_media_with_correct_bytes(base: str, tmp_path: Path) -> None:
    progress: list[tuple[int, int | None]] = []
    path = await SafeDownloader(policy=OPEN).download(
        f"{base}/media/meeting.mp3", tmp_path, on_progress=lambda n, t: progress.append((n, t))
    )
    assert path == tmp_path / "meeting.mp3"
    assert path.read_bytes() == MEDIA
    assert progress[-1] == (len(MEDIA), len(MEDIA))


async def test_probe_describes_file(base: str) -> None:
    info = await SafeDownloader(policy=OPEN).probe(f"{base}/media/meeting.mp3")
    assert info == RemoteFile(f"{base}/media/meeting.mp3", "audio/mpeg", len(MEDIA), "meeting.mp3")


async def test_redirect_chain_followed_and_each_hop_checked(
    base: str, seen: list[Seen], tmp_path: Path
) -> None:
    checked: list[str] = []
    downloader = SafeDownloader(policy=OPEN)
    original = downloader._target

    async def spy(raw: Any) -> Any:
        checked.append(str(raw))
        return await original(raw)

    downloader._target = spy  # type: ignore[method-assign]
    path = await downloader.download(f"{base}/chain/3", tmp_path)
    assert path.read_bytes() == MEDIA
    assert [s.path for s in seen] == [
        "/chain/3",
        "/chain/2",
        "/chain/1",
        "/chain/0",
        "/media/meeting.mp3",
    ]
    assert len(checked) == 5


async def test_too_many_redirects_refused(base: str, tmp_path: Path) -> None:
    with pytest.raises(BadRequest, match="redirected too many times"):
        await SafeDownloader(policy=OPEN).download(f"{base}/chain/9", tmp_path)
    assert list(tmp_path.iterdir()) == []


async def test_connects_to_checked_address_with_original_host_header(
    server: tuple[str, Recorder], seen: list[Seen], tmp_path: Path
) -> None:
    # media.test exists only in our resolver: success proves httpx never resolved it itself.
    port = server[0].rsplit(":", 1)[1]
    downloader = SafeDownloader(policy=OPEN, resolver=resolver_for({"media.test": ["127.0.0.1"]}))
    path = await downloader.download(f"http://media.test:{port}/media/meeting.mp3", tmp_path)
    assert path.read_bytes() == MEDIA
    assert seen[0].headers["host"] == f"media.test:{port}"


# --- address checks ----------------------------------------------------------------------


async def test_private_address_refused_without_any_request(
    base: str, seen: list[Seen], tmp_path: Path
) -> None:
    downloader = SafeDownloader(policy=DownloadPolicy())
    for call in (
        downloader.check(f"{base}/media/meeting.mp3"),
        downloader.probe(f"{base}/media/meeting.mp3"),
        downloader.download(f"{base}/media/meeting.mp3", tmp_path),
    ):
        with pytest.raises(
            BadRequest, match="private network address.*SCRIBE_ALLOW_PRIVATE_URLS=true"
        ):
            await call
    assert seen == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local or cloud metadata"),
        ("http://[fd00:ec2::254]/x.mp3", "link-local or cloud metadata"),
        ("http://10.0.0.7/x.mp3", "private network address"),
        ("http://metadata.google.internal/computeMetadata/v1/", "metadata service"),
        ("ftp://example.com/talk.mp3", "only http and https"),
    ],
)
def test_screen_refuses_from_the_text_alone(url: str, message: str) -> None:
    downloader = SafeDownloader(policy=DownloadPolicy(), resolver=_no_lookups)
    with pytest.raises(BadRequest, match=message):
        downloader.screen(url)


def test_screen_leaves_host_names_to_the_lookup() -> None:
    downloader = SafeDownloader(policy=DownloadPolicy(), resolver=_no_lookups)
    downloader.screen("https://media.example.com/talk.mp3")
    downloader.screen("https://93.184.215.14/talk.mp3")


async def _no_lookups(host: str, port: int) -> list[str]:
    raise AssertionError(f"screen() resolved {host}")


async def test_private_address_allowed_when_policy_says_so(base: str) -> None:
    await SafeDownloader(policy=OPEN).check(f"{base}/media/meeting.mp3")


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://169.254.10.1/x.mp3",
        "http://[fe80::1]/x.mp3",
        "http://[fd00:ec2::254]/x.mp3",
        "http://[::ffff:169.254.169.254]/x.mp3",
        "http://0.0.0.0/x.mp3",
        "http://224.0.0.1/x.mp3",
        "http://metadata.google.internal/computeMetadata/v1/",
    ],
)
async def test_link_local_metadata_and_reserved_refused_even_with_allow_private(url: str) -> None:
    downloader = SafeDownloader(policy=OPEN, resolver=resolver_for({}))
    with pytest.raises(BadRequest, match="not allowed|metadata service"):
        await downloader.check(url)


@pytest.mark.parametrize("address", ["169.254.169.254", "::ffff:169.254.169.254", "fe80::1%eth0"])
async def test_hostname_resolving_to_metadata_refused(address: str) -> None:
    downloader = SafeDownloader(policy=OPEN, resolver=resolver_for({"evil.test": [address]}))
    with pytest.raises(BadRequest, match="link-local or cloud metadata"):
        await downloader.check("https://evil.test/talk.mp3")


@pytest.mark.parametrize(
    "address",
    [
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",
        "127.0.0.1",
        "::1",
        "fc00::1",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "2002:c0a8:101::1",
    ],
)
async def test_private_ranges_refused_by_default(address: str) -> None:
    resolver = resolver_for({"intranet.test": ["93.184.215.14", address]})
    downloader = SafeDownloader(policy=DownloadPolicy(), resolver=resolver)
    with pytest.raises(BadRequest, match="private network address"):
        await downloader.check("https://intranet.test/talk.mp3")


@pytest.mark.parametrize(
    ("address", "allow_private"),
    [
        ("93.184.215.14", False),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", False),
        ("64:ff9b::5db8:d70e", False),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("10.0.0.1", True),
    ],
)
async def test_acceptable_addresses_pass(address: str, allow_private: bool) -> None:
    downloader = SafeDownloader(
        policy=DownloadPolicy(allow_private=allow_private),
        resolver=resolver_for({"media.test": [address]}),
    )
    await downloader.check("https://media.test/talk.mp3")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/talk.mp3", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("https://user:pw@example.com/talk.mp3", "user name or password"),
        ("http:///talk.mp3", "no host"),
        ("https://nowhere.test/talk.mp3", "could not resolve host nowhere.test"),
    ],
)
async def test_bad_links_refused(url: str, message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        await SafeDownloader(policy=OPEN, resolver=resolver_for({})).check(url)


async def test_allowed_hosts_include_subdomains() -> None:
    downloader = SafeDownloader(
        policy=DownloadPolicy(allowed_hosts=frozenset({"zoom.us"})),
        resolver=resolver_for({"us02web.zoom.us": ["93.184.215.14"]}),
    )
    await downloader.check("https://us02web.zoom.us/rec/talk.mp4")
    with pytest.raises(BadRequest, match="not allowed"):
        await downloader.check("https://notzoom.us/rec/talk.mp4")


async def test_redirect_to_metadata_refused_before_any_request_to_it(
    base: str, tmp_path: Path
) -> None:
    transport = CountingTransport()
    downloader = SafeDownloader(policy=OPEN, transport=transport)
    with pytest.raises(BadRequest, match="link-local or cloud metadata") as caught:
        await downloader.download(f"{base}/to-metadata", tmp_path)
    assert transport.hosts == ["127.0.0.1"]
    assert "secret" not in caught.value.message
    assert list(tmp_path.iterdir()) == []


# --- content checks ----------------------------------------------------------------------


async def test_html_page_refused_by_probe_and_download(base: str, tmp_path: Path) -> None:
    downloader = SafeDownloader(policy=OPEN)
    with pytest.raises(BadRequest, match="that link is a web page"):
        await downloader.probe(f"{base}/page")
    with pytest.raises(BadRequest, match="that link is a web page"):
        await downloader.download(f"{base}/page", tmp_path)
    assert list(tmp_path.iterdir()) == []


async def test_declared_size_over_limit_refused(base: str, tmp_path: Path) -> None:
    downloader = SafeDownloader(policy=DownloadPolicy(allow_private=True, max_bytes=1000))
    with pytest.raises(BadRequest, match="over the 1000 bytes limit"):
        await downloader.probe(f"{base}/big.mp3")
    with pytest.raises(BadRequest, match="4.9 KB, over the 1000 bytes limit"):
        await downloader.download(f"{base}/big.mp3", tmp_path)
    assert list(tmp_path.iterdir()) == []


async def test_size_message_in_gigabytes(base: str) -> None:
    with pytest.raises(BadRequest, match=r"is 5\.2 GB, over the 4\.0 GB limit"):
        await SafeDownloader(policy=OPEN).probe(f"{base}/huge.mp3")


async def test_streamed_body_over_limit_aborted_and_removed(base: str, tmp_path: Path) -> None:
    downloader = SafeDownloader(policy=DownloadPolicy(allow_private=True, max_bytes=100_000))
    progress: list[int] = []
    with pytest.raises(BadRequest, match="over the 97.7 KB limit"):
        await downloader.download(
            f"{base}/endless", tmp_path, on_progress=lambda n, _t: progress.append(n)
        )
    assert list(tmp_path.iterdir()) == []
    assert all(n <= 100_000 for n in progress)  # nothing past the limit was written


async def test_head_405_falls_back_to_ranged_get(base: str, seen: list[Seen]) -> None:
    info = await SafeDownloader(policy=OPEN).probe(f"{base}/no-head")
    assert (info.size, info.content_type) == (len(MEDIA), "video/mp4")
    assert [(s.method, s.headers.get("range")) for s in seen] == [
        ("HEAD", None),
        ("GET", "bytes=0-0"),
    ]


@pytest.mark.parametrize(
    ("cd", "expected"),
    [
        ('attachment; filename="../../etc/passwd"', "passwd"),
        (
            "attachment; filename*=UTF-8''..%2F..%2Fr%C3%A9union.mp3; filename=\"x.mp3\"",
            "réunion.mp3",
        ),
        ('attachment; filename=".hidden.mp3"', "hidden.mp3"),
        ('attachment; filename="' + "a" * 300 + '.mp3"', "a" * 116 + ".mp3"),
        ('attachment; filename=".."', "download"),
    ],
)
async def test_content_disposition_filename_sanitised(
    base: str, tmp_path: Path, cd: str, expected: str
) -> None:
    url = str(httpx.URL(f"{base}/disposition", params={"cd": cd}))
    downloader = SafeDownloader(policy=OPEN)
    assert (await downloader.probe(url)).filename == expected
    path = await downloader.download(url, tmp_path)
    assert path == tmp_path / expected
    assert path.read_bytes() == MEDIA


async def test_existing_file_not_overwritten(base: str, tmp_path: Path) -> None:
    (tmp_path / "meeting.mp3").write_bytes(b"keep")
    path = await SafeDownloader(policy=OPEN).download(f"{base}/media/meeting.mp3", tmp_path)
    assert path == tmp_path / "meeting-1.mp3"
    assert (tmp_path / "meeting.mp3").read_bytes() == b"keep"


# --- status mapping and credentials ------------------------------------------------------


async def test_404_is_not_found(base: str, tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="the link returned 404 Not Found"):
        await SafeDownloader(policy=OPEN).download(f"{base}/status/404", tmp_path)
    assert list(tmp_path.iterdir()) == []


async def test_403_is_not_found(base: str) -> None:
    with pytest.raises(NotFound, match=r"access denied \(403\)"):
        await SafeDownloader(policy=OPEN).probe(f"{base}/status/403")


async def test_503_is_transient(base: str, tmp_path: Path) -> None:
    with pytest.raises(Transient):
        await SafeDownloader(policy=OPEN).download(f"{base}/status/503", tmp_path)


async def test_429_is_transient_with_retry_after(base: str, tmp_path: Path) -> None:
    with pytest.raises(Transient) as caught:
        await SafeDownloader(policy=OPEN).download(f"{base}/status/429", tmp_path)
    assert caught.value.retry_after_s == 7


async def test_other_4xx_is_bad_request(base: str) -> None:
    with pytest.raises(BadRequest, match="418"):
        await SafeDownloader(policy=OPEN).probe(f"{base}/status/418")


async def test_connection_refused_is_transient(tmp_path: Path) -> None:
    with pytest.raises(Transient, match="could not connect to 127.0.0.1"):
        await SafeDownloader(policy=OPEN).download("http://127.0.0.1:9/x.mp3", tmp_path)


async def test_authorization_not_forwarded_to_other_host(
    base: str, seen: list[Seen], tmp_path: Path
) -> None:
    downloader = SafeDownloader(policy=OPEN, resolver=resolver_for({"localhost": ["127.0.0.1"]}))
    path = await downloader.download(
        f"{base}/auth-start", tmp_path, headers={"Authorization": "Bearer s3cret"}
    )
    assert path.read_bytes() == MEDIA
    assert [s.path for s in seen] == ["/auth-start", "/auth-echo/talk.mp3"]
    assert seen[0].headers["authorization"] == "Bearer s3cret"
    assert seen[1].headers["host"].startswith("localhost:")
    assert "authorization" not in seen[1].headers


async def test_authorization_kept_on_same_host_redirect(base: str, seen: list[Seen]) -> None:
    await SafeDownloader(policy=OPEN).probe(f"{base}/chain/1", headers={"Authorization": "B x"})
    assert [s.headers.get("authorization") for s in seen] == ["B x"] * 3


# --- TLS: SNI and certificate checks use the real name while connecting to the IP ---------


def _certificate(name: str) -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


async def _tls_download(cert_name: str, tmp_path: Path) -> tuple[Path, list[str | None]]:
    cert_pem, key_pem = _certificate(cert_name)
    (tmp_path / "cert.pem").write_bytes(cert_pem)
    (tmp_path / "key.pem").write_bytes(key_pem)
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    sni: list[str | None] = []

    def note_sni(_sock: ssl.SSLObject, name: str | None, _ctx: ssl.SSLContext) -> None:
        sni.append(name)

    server_ctx.sni_callback = note_sni

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nConnection: close\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(MEDIA), MEDIA)
            )
            await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError):
            pass  # the client refused our certificate
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError, ssl.SSLError):
                await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=server_ctx)
    port = server.sockets[0].getsockname()[1]
    dest = tmp_path / "out"
    dest.mkdir()
    try:
        downloader = SafeDownloader(
            policy=OPEN,
            resolver=resolver_for({"media.test": ["127.0.0.1"]}),
            transport=httpx.AsyncHTTPTransport(
                verify=ssl.create_default_context(cadata=cert_pem.decode())
            ),
        )
        return await downloader.download(f"https://media.test:{port}/talk.mp3", dest), sni
    finally:
        server.close()
        await server.wait_closed()


async def test_https_uses_real_name_for_sni_and_certificate(tmp_path: Path) -> None:
    path, sni = await _tls_download("media.test", tmp_path)
    assert path.read_bytes() == MEDIA
    assert sni == ["media.test"]


async def test_https_certificate_for_other_name_rejected(tmp_path: Path) -> None:
    with pytest.raises(Transient, match="media.test"):
        await _tls_download("other.test", tmp_path)
    assert list((tmp_path / "out").iterdir()) == []
