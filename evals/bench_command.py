"""`policyqa bench`: measure cold start, ingest, per-query cost at 1×/10×/100× and the API.

Only click is imported at module level, so `policyqa --help` stays fast. The work is in
`evals.bench`; what each figure means is in evals/BENCH.md.
"""

from __future__ import annotations

from pathlib import Path

import click

_SECTIONS = ("help", "ingest", "cold", "queries", "stores", "api", "precision")


def _sizes(ctx, param, value: str) -> tuple[float, ...]:
    try:
        sizes = tuple(sorted({float(part) for part in value.split(",") if part.strip()}))
    except ValueError:
        raise click.BadParameter("give corpus sizes as numbers, e.g. 1,10,100") from None
    if not sizes or sizes[0] < 1:
        raise click.BadParameter("sizes are multiples of the shipped corpus, at least 1")
    return sizes


def _sections(ctx, param, value: str | None) -> tuple[str, ...]:
    if not value:
        return _SECTIONS
    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [s for s in chosen if s not in _SECTIONS]
    if unknown:
        raise click.BadParameter(f"unknown section(s) {', '.join(unknown)}; "
                                 f"choose from {', '.join(_SECTIONS)}")
    return chosen


@click.command("bench")
@click.option("--sizes", default="1,10,100", show_default=True, callback=_sizes,
              help="Corpus sizes, as multiples of the shipped corpus (synthetic documents "
                   "make up the rest).")
@click.option("--quick", is_flag=True,
              help="Minutes instead of an hour's worth: 20 questions, one round, one cold "
                   "start, 4 s per API load level.")
@click.option("--only", "sections", callback=_sections, metavar="SECTIONS",
              help=f"Run only these sections (comma-separated): {', '.join(_SECTIONS)}.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Generated corpora and built indexes are kept here "
                   "[default: $POLICYQA_DATA_DIR/bench].")
@click.option("--rebuild", is_flag=True,
              help="Regenerate the corpora and rebuild every index (the 1× index is rebuilt "
                   "in every run that measures ingest).")
@click.option("--reuse-index", is_flag=True,
              help="Keep cached indexes built by older code (when iterating on query code).")
@click.option("--output", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("evals"), show_default=True,
              help="Where bench_results.md, bench_results.json and bench_chart.svg go.")
@click.option("--rounds", type=click.IntRange(1, 20), default=None,
              help="Times each question is asked per size [default: 2; quick: 1].")
@click.option("--api-seconds", type=click.FloatRange(1, 600), default=20.0, show_default=True,
              help="Duration of each API load level (1, 8 and 32 clients).")
def bench_command(sizes, quick, sections, cache_dir, rebuild, reuse_index, out_dir, rounds,
                  api_seconds) -> None:
    """Measure what the assistant costs as the corpus and the load grow; write a report.

    One run on this machine: `policyqa --help`, ingest throughput from an empty data dir,
    cold start to first answer, retrieval and answer latency per development question
    against the floor (embedding the query alone) at each size, the naive LangChain
    pipeline, embedded Chroma against a Chroma server, and the HTTP API under 1, 8 and 32
    concurrent clients with the server's memory. The first run at 100× generates ~35,000
    synthetic measures and indexes them (tens of minutes); later runs reuse them.
    """
    from assistant.errors import CORE_ERRORS

    try:
        _run(sizes, quick, sections, cache_dir, rebuild, reuse_index, out_dir, rounds,
             api_seconds)
    except CORE_ERRORS as err:
        raise click.ClickException(str(err)) from err


def _run(sizes, quick, sections, cache_dir, rebuild, reuse_index, out_dir, rounds,
         api_seconds) -> None:
    from assistant.components import model_path
    from assistant.settings import SHIPPED_CORPUS, Settings
    from evals.bench import report
    from evals.bench.runner import Bench, BenchOptions

    try:
        settings = Settings()
    except Exception as err:  # pydantic ValidationError: show which setting is wrong
        raise click.ClickException(f"invalid settings: {err}") from err
    model = model_path(settings)
    if not (model / "config.json").is_file() and not (model / "modules.json").is_file():
        raise click.ClickException(f"no prepared model at {model}: run `policyqa model prepare`")
    options = BenchOptions(cache_dir=(cache_dir or settings.data_dir / "bench").resolve(),
                           model=model.resolve(), source=SHIPPED_CORPUS,
                           sizes=sizes, sections=sections, quick=quick, rebuild=rebuild,
                           reuse_index=reuse_index, api_seconds=api_seconds)
    if rounds:
        options.rounds = rounds
    bench = Bench(options, say=lambda msg: click.echo(msg, err=True))
    results = bench.run()
    paths = report.write(results, out_dir)
    click.echo(report.markdown(results))
    click.echo(f"written: {', '.join(str(p) for p in paths.values())}", err=True)
