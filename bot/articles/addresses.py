"""Which addresses the bot may connect to: public ones only, checked after every lookup."""

from __future__ import annotations

import ipaddress
import socket

import httpx

from bot.articles.text import ArticleError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64_PREFIX = ipaddress.IPv6Network("64:ff9b::/96")
_LOOPBACK_V4 = ipaddress.IPv4Network("127.0.0.0/8")
_LOOPBACK_V6 = ipaddress.IPv6Address("::1")


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses carried inside an IPv6 one (mapped, 6to4, Teredo, NAT64)."""
    embedded: list[ipaddress.IPv4Address] = []
    if address.ipv4_mapped is not None:
        embedded.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        embedded.append(address.sixtofour)
    if address.teredo is not None:
        embedded.extend(address.teredo)
    if address in _NAT64_PREFIX:
        embedded.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return embedded


def _is_loopback(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv4Address):
        return address in _LOOPBACK_V4
    mapped = address.ipv4_mapped
    return address == _LOOPBACK_V6 or (mapped is not None and mapped in _LOOPBACK_V4)


def _single_address_problem(address: IPAddress) -> str | None:
    checks = (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback (this machine) address"),
        (address.is_link_local, "a link-local address (such as a cloud metadata service)"),
        (address.is_multicast, "a multicast address"),
        (address.is_private, "a private network address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "a special-purpose (non-public) address"),
    )
    for failed, reason in checks:
        if failed:
            return reason
    return None


def address_problem(address: IPAddress, *, allow_local: bool = False) -> str | None:
    """Why the bot must not connect to this address, or None if it is a public address.

    `allow_local` (tests only) permits loopback addresses and nothing else.
    """
    if allow_local and _is_loopback(address):
        return None
    problem = _single_address_problem(address)
    if problem is None and isinstance(address, ipaddress.IPv6Address):
        for inner in _embedded_ipv4(address):
            problem = _single_address_problem(inner)
            if problem is not None:
                break
    return problem


def _resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the host resolves to, in resolver order, without duplicates."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ArticleError(f"Couldn't find the website {host} (no such address).") from exc
    addresses: list[IPAddress] = []
    for info in infos:
        raw = str(info[4][0]).split("%", 1)[0]
        address = ipaddress.ip_address(raw)
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise ArticleError(f"Couldn't find the website {host} (no such address).")
    return addresses


def checked_addresses(url: httpx.URL, *, allow_local: bool) -> list[IPAddress]:
    """Resolve the URL's host; refuse it if any address it resolves to is not public."""
    if url.scheme not in {"http", "https"}:
        scheme = url.scheme or "no scheme"
        raise ArticleError(
            f"Only http and https links can be read (this one is {scheme}): "
            "paste a web link or the article text."
        )
    if not url.host:
        raise ArticleError(f"The link {url} has no website name: paste a full http(s) link.")
    host = url.raw_host.decode("ascii")
    addresses = _resolve(host, url.port or (443 if url.scheme == "https" else 80))
    for address in addresses:
        problem = address_problem(address, allow_local=allow_local)
        if problem is not None:
            raise ArticleError(
                f"Refusing to fetch {url}: {host} is {problem} ({address}), "
                "not a public website. Paste the article text instead."
            )
    return addresses
