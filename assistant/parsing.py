"""Policy files parsed in a worker process, each file with a deadline.

A parser can run for minutes on one file (a crafted .docx in lxml, a PDF in pypdf, a huge
text in our own passes), and a thread cannot stop it: C code does not look at Python's
interrupts. So files are parsed in one worker process, killed when a file passes its deadline
(`parse_seconds`); that file is reported, and the rest of the batch goes on in a fresh
worker. pebble does the worker's bookkeeping (per-task timeouts, a worker that dies).

The worker lives as long as the process that uses it, so its caches (compiled patterns,
imported loaders) stay warm from one ingest to the next; it forks from a forkserver that
imported the parsers once, so a replacement starts in milliseconds and never inherits the
serving process's threads (a plain fork of a process with live threads can deadlock in the
child). Like every forkserver user, a script that ingests must guard its entry point with
`if __name__ == "__main__":` (the policyqa commands do).
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import threading
from collections.abc import Iterable
from concurrent.futures import TimeoutError as DeadlinePassed
from dataclasses import replace
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from ingest import pipeline
from ingest.errors import LoadError, ParseError
from ingest.pipeline import ParseReport, iter_policy_files, parse_paths

log = logging.getLogger(__name__)

_FAILURE_KINDS = {"LoadError": LoadError, "ParseError": ParseError}
#: Imported once in the forkserver, so that every worker starts with them.
_PRELOAD = ["assistant.parsing", "ingest.loaders.text", "ingest.loaders.html",
            "ingest.loaders.docx", "ingest.loaders.pdf", "charset_normalizer"]
_pool: ProcessPool | None = None
_pool_lock = threading.Lock()


def parse_files(paths: Iterable[Path], *, max_bytes: int = 20 * 1024 * 1024,
                seconds: float) -> ParseReport:
    """Parse policy files into documents; a file that fails, unpacks past the limits
    (`assistant.archives`) or takes longer than `seconds` is reported, the rest go on."""
    files = list(iter_policy_files(paths))
    report = ParseReport()
    if not files:
        return report
    pool = _worker()
    # Scheduled at once, run one after another; each deadline counts from its own start.
    pending = [(path, pool.schedule(_parse_one, args=(str(path), max_bytes), timeout=seconds))
               for path in files]
    for path, future in pending:
        try:
            documents, failures = future.result()
        except DeadlinePassed:
            log.warning("parsing %s passed its %g s deadline; skipped", path.name, seconds)
            report.failures.append(LoadError(
                path.name, f"解析超时：{seconds:g} 秒内未能解析完成，已跳过"
                           "（文件可能过大或结构异常，可拆分或转为纯文本后重新上传）", kind="timeout"))
            continue
        except ProcessExpired as err:  # killed from outside, out of memory, a crash in C
            log.error("the parser died on %s: %s", path.name, err)
            report.failures.append(LoadError(
                path.name, "解析进程意外退出，已跳过（文件可能损坏或过大）", kind="crashed"))
            continue
        # Stamped with this process's parser version, not the forkserver's copy of the module
        # (imported once, it does not see a version set in this process).
        report.documents.extend(replace(d, parser=pipeline.PARSER_VERSION) for d in documents)
        report.failures.extend(_FAILURE_KINDS[name](source, reason, kind)
                               for name, source, reason, kind in failures)
    return report


def _worker() -> ProcessPool:
    """The process's parsing worker, started on first use (again if it was stopped)."""
    global _pool
    with _pool_lock:
        if _pool is None or not _pool.active:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(_PRELOAD)
            _pool = ProcessPool(max_workers=1, context=context, initializer=_warm_up)
            atexit.register(_pool.stop)
        return _pool


def _warm_up() -> None:
    """In a new worker, before it takes a file: jionlp's gazetteer of places loads on first
    use (about 3 s), and no file's deadline should pay for it."""
    from ingest.places import region_of

    region_of("山东省聊城市人民政府")


def _parse_one(path: str, max_bytes: int) -> tuple[list, list[tuple[str, str, str, str]]]:
    """In the worker: screen and parse one file. Failures travel as plain tuples (an
    exception whose __init__ differs from its args does not unpickle)."""
    from assistant import archives

    fit, refused = archives.screen([Path(path)])
    report = parse_paths(fit, max_bytes=max_bytes)
    failures = [*refused, *report.failures]
    return report.documents, [(type(f).__name__, f.source, f.reason, f.kind) for f in failures]
