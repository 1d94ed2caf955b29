"""One spelling per article address, and a stable file name derived from it."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that say how a reader arrived, not which article it is.
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|ref_src|ocid|ncid)$",
                       re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")


def normalise_url(url: str) -> str:
    """Scheme and host lower-cased, default port, fragment and tracking parameters dropped.

    The remaining query parameters keep their order: some sites put the article id there.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def article_filename(url: str, identity: str | None = None, suffix: str = ".txt") -> str:
    """``host-slug-hash.txt``: readable, stable for a URL, distinct for distinct URLs.

    The slug keeps ASCII letters and digits of the last path segments (Hindi slugs become
    empty and the hash alone tells articles apart); the hash is of the normalised URL, or of
    ``identity`` when that is what tells the article apart (a feed entry without a link).
    """
    normal = normalise_url(url)
    parts = urlsplit(normal)
    host = re.sub(r"^www\.", "", parts.hostname or "local")
    slug = _SLUG_JUNK.sub("-", unquote(parts.path).lower()).strip("-")[-60:].strip("-")
    digest = hashlib.sha256((identity or normal).encode()).hexdigest()[:10]
    return "-".join(p for p in (host, slug, digest) if p) + suffix
