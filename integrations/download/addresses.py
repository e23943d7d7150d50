"""Which network addresses a user-supplied link may make us connect to, and DNS resolution.

A link is refused when any address its host resolves to is reserved, unspecified, multicast
or in 0.0.0.0/8, and, unless the policy allows private addresses, loopback, private or CGNAT.
Link-local addresses and cloud metadata endpoints (169.254.169.254 and friends) are refused
even when private addresses are allowed: they hand out instance credentials, and no media
is ever served from them. Tunnel and mapping forms (IPv4-mapped, NAT64, 6to4, Teredo) are
judged by the IPv4 address they embed, so they cannot smuggle a refused address past us.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from contextlib import suppress

from core.errors import BadRequest, Transient

Resolver = Callable[[str, int], Awaitable[list[str]]]
IP = ipaddress.IPv4Address | ipaddress.IPv6Address

METADATA_NAMES = {"metadata.google.internal", "metadata.goog", "metadata"}
_METADATA_IPS = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_THIS_NET = ipaddress.ip_network("0.0.0.0/8")  # Linux treats 0.x.x.x as "this host"
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
PRIVATE = "a private network address"  # the one refusal a setting lifts


async def system_resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def literal_address(host: str) -> IP | None:
    """The address a host written as an IP address stands for; None for a name."""
    with suppress(ValueError):
        return ipaddress.ip_address(host)
    return None


async def resolve(resolver: Resolver, host: str, port: int, timeout_s: float) -> list[IP]:
    """Every address of host (an IP literal is its own answer); BadRequest if there are none."""
    if (literal := literal_address(host)) is not None:
        return [literal]  # nothing to resolve
    try:
        async with asyncio.timeout(timeout_s):
            found = await resolver(host, port)
        # getaddrinfo may add an IPv6 zone ("%eth0"); the address is what is checked
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in found]
    except TimeoutError:
        raise Transient(f"timed out resolving host {host}") from None
    except (OSError, ValueError):
        addresses = []
    if not addresses:
        raise BadRequest(f"could not resolve host {host}")
    return addresses


def _embedded(ip: IP) -> list[IP]:
    """The addresses traffic to ip really reaches: tunnels and mappings embed an IPv4 host."""
    if isinstance(ip, ipaddress.IPv4Address):
        return [ip]
    if ip.ipv4_mapped or ip in _NAT64:  # only a wrapper: judge the IPv4 address alone
        return [ip.ipv4_mapped or ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return [ip, *(a for a in (ip.sixtofour, ip.teredo and ip.teredo[1]) if a)]


def refusal(ip: IP, allow_private: bool) -> str | None:
    """Why ip must not be contacted, or None when it may be."""
    for addr in _embedded(ip):
        if addr in _METADATA_IPS or addr.is_link_local:  # refused even with allow_private
            return "a link-local or cloud metadata address"
        # ::1 sits inside the reserved ::/8, so loopback is left to the private rule
        reserved = addr.is_reserved and not addr.is_loopback
        if reserved or addr.is_unspecified or addr.is_multicast or addr in _THIS_NET:
            return "a reserved address"
        if not allow_private and (addr.is_loopback or addr.is_private or addr in _CGNAT):
            return PRIVATE
    return None
