"""Packing sentences into overlapping chunks, keeping every offset."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable

from .corpus import Document
from .text import paragraph_spans, sentence_spans


@dataclass(frozen=True)
class ChunkingParams:
    max_tokens: int = 450  # under E5's 512 with its prefix, so a chunk is never windowed; bigger won on XQuAD
    overlap_sentences: int = 1  # a fact split across a boundary still lands whole in one chunk

    def as_dict(self) -> dict:
        return asdict(self)


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
    """Sentences and chunks of one document; chunks never cross a paragraph."""
    sentences: list[Sentence] = []
    chunks: list[Chunk] = []
    for p_no, paragraph in enumerate(paragraph_spans(document.text)):
        spans = sentence_spans(document.text[paragraph.start:paragraph.end], paragraph.start)
        base = first_sentence_id + len(sentences)
        sentences += [Sentence(doc_index, p_no, s.start, s.end) for s in spans]
        sizes = [count_tokens(document.text[s.start:s.end]) for s in spans]
        for lo, hi in pack(sizes, params):
            chunks.append(Chunk(doc_index, p_no, spans[lo].start, spans[hi - 1].end, base + lo, base + hi - 1))
    return sentences, chunks


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
