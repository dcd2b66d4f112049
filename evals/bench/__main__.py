"""`python -m evals.bench` runs the same command as `policyqa bench`."""

from evals.bench_command import bench_command

bench_command(prog_name="python -m evals.bench")
