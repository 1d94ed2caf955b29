"""``follow``: poll feeds round after round, and rebuild the index after each round that added something.

Ingestion does not know how the index is built: the caller passes ``rebuild``. A feed that fails
in one round is a warning and is tried again in the next; a rebuild that fails is tried again
after the next round even if that round adds nothing.
"""

from __future__ import annotations

import threading
import time
from typing import Callable, Sequence

from ..errors import IngestError, KhabarError
from .ingester import Ingester


def follow(ingester: Ingester, feeds: Sequence[str], every: float, rebuild: Callable[[], str],
           say: Callable[[str], None], warn: Callable[[str], None], rounds: int | None = None,
           stop: threading.Event | None = None) -> int:
    """Run rounds until ``rounds`` are done or ``stop`` is set; 0 when done.

    Raises KhabarError at the end if no feed could be read in any round.
    """
    stop = stop or ingester.stop
    answered, pending, done = False, False, 0
    while not stop.is_set():
        started = time.monotonic()
        added = 0
        if done:
            ingester.adopt()
        for feed in feeds:
            if stop.is_set():
                break
            try:
                report = ingester.add(feed)
            except IngestError as exc:
                warn(str(exc))
                continue
            answered = True
            added += report.added
            for outcome in report.outcomes:
                say(outcome.line())
            for message in report.warnings:
                warn(message)
        done += 1
        say(f"round {done}: {added} new article{'s' * (added != 1)}")
        if added or pending:
            try:
                say(rebuild())
                pending = False
            except KhabarError as exc:
                warn(f"rebuilding the index failed, trying again after the next round: {exc}")
                pending = True
        if rounds is not None and done >= rounds:
            break
        stop.wait(max(0.0, every - (time.monotonic() - started)))
    if not answered and done:
        raise KhabarError(f"none of the feeds could be read in {done} round{'s' * (done != 1)} — check the "
                          "addresses above")
    return 0
