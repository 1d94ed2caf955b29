"""Packing sentences into overlapping chunks, keeping every offset."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Callable

from .corpus import Document
from .text import SPLITTING_VERSION, paragraph_spans, sentence_spans


@dataclass(frozen=True)
class ChunkingParams:
    max_tokens: int = 450  # under E5's 512 with its prefix, so a chunk is never windowed; bigger won on XQuAD
    overlap_sentences: int = 1  # a fact split across a boundary still lands whole in one chunk
    heading_tokens: int = 48  # a paragraph this short with no sentence end is a heading (0: none are)
    # Each chunk is embedded after its article's title, so every paragraph carries the story it
    # belongs to, not only the first one, which holds the headline and the lede.
    title_context: bool = True
    # What the model reads in one pass (E5: 512, less its "passage: " prefix and special tokens).
    # A chunk and its title stay within it, so a long headline ("… | Outlet – Latest Hindi News")
    # shrinks its article's chunks instead of pushing their ends out of the model's window.
    input_tokens: int = 500

    def as_dict(self) -> dict:
        """The recipe a manifest records: a different one (or another splitting) re-splits every article."""
        return {**asdict(self), "splitting": SPLITTING_VERSION}


@dataclass(frozen=True)
class Sentence:
    doc: int  # index into the document list
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    doc: int
    paragraph: int
    start: int
    end: int
    first_sentence: int  # global sentence ids [first_sentence, last_sentence]
    last_sentence: int


def split_document(doc_index: int, document: Document, first_sentence_id: int,
                   count_tokens: Callable[[str], int], params: ChunkingParams) -> tuple[list[Sentence], list[Chunk]]:
    """Sentences and chunks of one document.

    Chunks stay within a paragraph, except that a heading line (a short paragraph with no
    sentence-ending mark: headline, photo caption) leads into the paragraph after it. Alone,
    such a line makes a tiny chunk that matches every question about the article's topic.
    """
    params = _with_room_for_title(document, count_tokens, params)
    sentences: list[Sentence] = []
    chunks: list[Chunk] = []
    block: list = []  # spans of headings waiting for their paragraph, then the paragraph's
    sizes: list[int] = []
    paragraphs = paragraph_spans(document.text)
    for p_no, paragraph in enumerate(paragraphs):
        spans = sentence_spans(document.text[paragraph.start:paragraph.end], paragraph.start)
        sentences += [Sentence(doc_index, p_no, s.start, s.end) for s in spans]
        block += spans
        sizes += [count_tokens(document.text[s.start:s.end]) for s in spans]
        if p_no + 1 < len(paragraphs) and _is_heading(document.text, spans, sizes[-len(spans):], params):
            continue
        base = first_sentence_id + len(sentences) - len(block)
        for lo, hi in pack(sizes, params):
            chunks.append(Chunk(doc_index, sentences[base - first_sentence_id + lo].paragraph, block[lo].start,
                                block[hi - 1].end, base + lo, base + hi - 1))
        block, sizes = [], []
    return sentences, chunks


def embedded_text(document: Document, chunk: Chunk, params: ChunkingParams) -> str:
    """What a chunk is embedded as: its text, after the article's title (unless it opens with it);
    ``split_document`` leaves room for that title in the chunk's budget."""
    text = document.text[chunk.start:chunk.end]
    title = (document.title or "").strip()
    # A page's title often is its headline with the outlet's name added ("… | UITV"): a chunk that
    # opens with most of the title already says which story it belongs to.
    opening = text.split("\n", 1)[0].strip()
    if not params.title_context or not title or text.startswith(title) \
            or (opening in title and 2 * len(opening) >= len(title)):
        return text
    return f"{title}\n{text}"


def _with_room_for_title(document: Document, count_tokens: Callable[[str], int], params: ChunkingParams) -> ChunkingParams:
    """``params`` with a chunk budget that leaves room for the title it is embedded after (a budget
    already past the model's window, windowed on purpose, is left as it is)."""
    title = (document.title or "").strip()
    if not params.title_context or not title or params.max_tokens > params.input_tokens:
        return params
    room = params.input_tokens - count_tokens(title) - 1  # the title's own line
    # However long the title, a chunk keeps a quarter of its budget: a few sentences, not one word.
    return params if room >= params.max_tokens else replace(params, max_tokens=max(room, params.max_tokens // 4))


def _is_heading(text: str, spans, sizes: list[int], params: ChunkingParams) -> bool:
    return len(spans) == 1 and sizes[0] <= params.heading_tokens and text[spans[0].end - 1] not in "।॥?!.\"'”’"


def pack(sizes: list[int], params: ChunkingParams) -> list[tuple[int, int]]:
    """Greedy windows [lo, hi) over sentence sizes within the token budget, with overlap.

    Every sentence is in at least one window; a sentence bigger than the budget gets a
    window of its own; consecutive windows share ``overlap_sentences`` sentences unless
    that would make no progress.
    """
    windows: list[tuple[int, int]] = []
    lo = 0
    while lo < len(sizes):
        hi, total = lo, 0
        while hi < len(sizes) and (hi == lo or total + sizes[hi] <= params.max_tokens):
            total += sizes[hi]
            hi += 1
        windows.append((lo, hi))
        if hi == len(sizes):
            break
        lo = max(hi - params.overlap_sentences, lo + 1)
    return windows
