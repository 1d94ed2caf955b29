"""From a news page's HTML to an Article: the story's text and its metadata, without the site around it.

trafilatura does the hard part (navigation, ads, comments, related links, cookie banners out;
title, date and site name from the page's metadata). Two things are done here instead:
the author, because trafilatura's author clean-up strips a final Devanagari vowel sign
("राहुल शर्मा" → "राहुल शर्म"), and the language, from ``<html lang>`` or the script.
"""

from __future__ import annotations

import json
import re

import lxml.html
import trafilatura

from ..corpus import parse_published
from ..errors import NoArticleText
from ..language import detect_language
from ..text import words
from .articles import Article

MIN_WORDS = 15  # fewer words than a two-line brief is a teaser, a caption or a gallery, not an article
_AUTHOR_META = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|div|li|h[1-6]|blockquote|tr)>")


def extract_page(html: str, source: str, url: str | None = None) -> Article:
    """The article in ``html``; ``source`` names it in errors, ``url`` is where it was fetched.

    Without ``url`` (a saved file), the page's canonical URL is used if it has one.
    Raises NoArticleText when nothing article-like is left after boilerplate removal.
    """
    try:
        # lxml refuses a str that still declares its byte encoding (XHTML's <?xml … encoding=…?>)
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (ValueError, lxml.etree.ParserError):
        raise NoArticleText(source) from None
    author, language = _author(tree), tree.get("lang")  # read before trafilatura prunes the tree
    document = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True,
        deduplicate=False, date_extraction_params={"extensive_search": False, "original_date": True,
                                                   "outputformat": "%Y-%m-%dT%H:%M:%S%z"})
    text = _paragraphs(document.text if document is not None and document.text else "")
    if len(words(text)) < MIN_WORDS:
        raise NoArticleText(source)
    return Article(
        title=document.title or text.split("\n", 1)[0],
        text=text,
        url=url or document.url,
        published=parse_published(document.date) if document.date else None,
        source=document.sitename or document.hostname,
        author=author or document.author,
        language=_language(language, text),
    )


def fragment_text(html: str) -> str:
    """Plain paragraphs from an HTML fragment (a feed entry's content or summary)."""
    if not html.strip():
        return ""
    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n\n", html)
    try:
        text = lxml.html.fragment_fromstring(marked, create_parent="div").text_content()
    except (ValueError, lxml.etree.ParserError):
        return ""
    return _paragraphs(text)


def _paragraphs(text: str) -> str:
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _author(tree) -> str | None:
    for name in _AUTHOR_META:
        for value in tree.xpath(f'//meta[@name="{name}" or @property="{name}"]/@content'):
            if value.strip() and not value.strip().lower().startswith("http"):
                return value.strip()
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            author = _find_author(json.loads(script))
        except ValueError:
            continue
        if author:
            return author
    return None


def _find_author(data) -> str | None:
    if isinstance(data, list):
        return next(filter(None, map(_find_author, data)), None)
    if not isinstance(data, dict):
        return None
    author = data.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        author = author.get("name")
    if isinstance(author, str) and author.strip():
        return author.strip()
    return _find_author(data.get("@graph"))


def _language(declared: str | None, text: str) -> str:
    declared = (declared or "").strip()
    if re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", declared):
        return declared
    detected = detect_language(text[:2000])
    return "hi-Latn" if detected == "hi-latn" else detected
