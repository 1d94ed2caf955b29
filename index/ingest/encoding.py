"""Which encoding a page's bytes are in: byte-order mark, HTTP charset, <meta charset>, then detection.

The order is the HTML standard's. Hindi sites still serve windows-1252 English pages, UTF-16
exports and the odd legacy charset, and a wrong guess turns an article into mojibake that then
gets indexed, so every step is explicit here.
"""

from __future__ import annotations

import codecs
import re

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# Labels that the HTML standard reads as windows-1252: browsers do, and so must we.
_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "cp819", "iso-ir-100"}


def decode_html(body: bytes, http_charset: str | None = None) -> str:
    """The page's text, decoded the way a browser would decode it."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(encoding, errors="replace")
    declared = _codec(http_charset) or _codec(_meta_charset(body), in_meta=True)
    if declared:
        return body.decode(declared, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(body[:200_000])
    best = matches.best()
    if best is None or any(m.encoding == "cp1252" and m.chaos <= best.chaos for m in matches):
        # Latin single-byte code pages look alike on short text; browsers default to windows-1252
        return body.decode("windows-1252", errors="replace")
    return body.decode(best.encoding, errors="replace")


def _meta_charset(body: bytes) -> str | None:
    match = _META.search(body[:4096])
    return match.group(1).decode("ascii") if match else None


def _codec(label: str | None, in_meta: bool = False) -> str | None:
    """A Python codec name for a charset label, or None if Python does not know it."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252:
        return "windows-1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith("utf-16"):
        # A <meta> that could be read as ASCII cannot be UTF-16, so the standard reads such a page as
        # UTF-8; an HTTP header saying utf-16 without a BOM means little-endian.
        return "utf-8" if in_meta else ("utf-16-be" if name.endswith("be") else "utf-16-le")
    return name
