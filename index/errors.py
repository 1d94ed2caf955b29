"""Domain errors of the index library.

    KhabarError
     ├── CorpusError            corpus directory missing, empty, or nothing readable
     ├── EmptyQuestion          a blank question
     ├── EmbedderUnavailable    an embedder that cannot be loaded here (e.g. no model offline)
     ├── IndexNotFound          no index at the given path
     ├── IndexMismatch          index built with another format or embedder
     ├── IndexDamaged           index files unreadable or inconsistent
     └── IndexLocked            another build holds the index lock

Every message says what to do next; the CLI prints it as one line and the bot turns it
into a polite reply, so neither shows a traceback.
"""

from __future__ import annotations


class KhabarError(Exception):
    """Base class: anything the user can fix by acting on the message."""


class CorpusError(KhabarError):
    pass


class EmptyQuestion(KhabarError):
    def __init__(self) -> None:
        super().__init__("the question is empty — ask something about the articles")


class EmbedderUnavailable(KhabarError):
    pass


class IndexNotFound(KhabarError):
    def __init__(self, path) -> None:
        super().__init__(f"no index at {path} — run `python -m index build`")
        self.path = path


class IndexMismatch(KhabarError):
    pass


class IndexDamaged(KhabarError):
    pass


class IndexLocked(KhabarError):
    pass
