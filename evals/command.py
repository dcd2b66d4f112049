"""`policyqa eval`: run a benchmark file and report. A thin edge over `evals.harness`.

Only click is imported at module level, so `policyqa --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import click


@click.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--report", "report_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write report.md, report.html and report.json into this directory.")
@click.option("--json", "json_path", is_flag=False, flag_value="-", default=None,
              metavar="[PATH]", help="Write every figure as JSON to PATH, or to stdout "
                                     "when no PATH is given (then tables go to stderr).")
@click.option("--top-k", type=click.IntRange(1, 50), default=None,
              help="Measures the answer may draw on (default: the top_k setting); retrieval "
                   "ranks are scored over the top max(5, N).")
@click.option("--llm/--no-llm", "use_llm", default=False, show_default=True,
              help="Answer with the configured LLM instead of the composed default answer.")
@click.option("--compare", "compare", metavar="MODES",
              help="Also run these modes on the same items, side by side: "
                   "naive,bm25,dense,hybrid (any subset, comma-separated).")
@click.option("--skip-bad-lines", is_flag=True,
              help="Leave out invalid lines with a warning instead of stopping.")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="A progress bar on stderr while running.")
def eval_command(file: Path, report_dir: Path | None, json_path: str | None,
                 top_k: int | None, use_llm: bool, compare: str | None, skip_bad_lines: bool,
                 progress: bool) -> None:
    """Run the benchmark FILE (JSON Lines) through the assistant and report its figures.

    The whole file is checked first: a malformed line or a gold naming an unknown source
    or measure is reported with its line number before anything runs.
    """
    from assistant.errors import CORE_ERRORS

    try:
        _run(file, report_dir, json_path, top_k, use_llm, compare, skip_bad_lines, progress)
    except CORE_ERRORS as err:
        raise click.ClickException(str(err)) from err


def _run(file, report_dir, json_path, top_k, use_llm, compare, skip_bad_lines, progress) -> None:
    from assistant.service import PolicyAssistant
    from assistant.settings import Settings
    from evals import harness, report
    from evals.benchmark import load_benchmark

    try:
        settings = Settings()
    except Exception as err:  # pydantic ValidationError: show which setting is wrong
        raise click.ClickException(f"invalid settings: {err}") from err
    modes = harness.parse_modes(compare)
    assistant = PolicyAssistant(settings)
    harness.llm_options(assistant, use_llm)  # fail before loading anything heavy
    catalog = assistant.index.catalog
    if not catalog.measures:
        raise click.ClickException("the index is empty: run `policyqa ingest` first")
    benchmark = load_benchmark(file, ((m.source, m.number) for m in catalog.measures),
                               skip_bad_lines=skip_bad_lines)
    for problem in benchmark.problems:
        click.echo(f"warning: skipping {problem}", err=True)

    evaluation = harness.evaluate(assistant, benchmark, compare=modes, top_k=top_k,
                                  use_llm=use_llm, progress=progress)

    to_stdout = json_path == "-"
    click.echo(report.summary_text(evaluation), err=to_stdout)
    if evaluation.compared:
        click.echo("\n" + report.compare_text(evaluation), err=to_stdout)
    if report_dir is not None:
        files = report.write_reports(evaluation, report_dir)
        click.echo(f"\nreports: {', '.join(str(p) for p in files.values())}", err=to_stdout)
    if to_stdout:
        click.echo(report.to_json(evaluation), nl=False)
    elif json_path:
        Path(json_path).write_text(report.to_json(evaluation), encoding="utf-8")
        click.echo(f"json: {json_path}")
