"""`policyqa bench` (or `python -m evals.bench`): how cost grows with the corpus and with load.

One run measures cold start, ingest throughput, per-query retrieval and answer latency
against the floor (embedding the query alone) at 1×, 10× and 100× the real corpus (see
`evals.synthetic`), the embedded Chroma against a Chroma server, the naive LangChain
pipeline, and the HTTP API under concurrent clients; evals/BENCH.md explains each figure.
Nothing heavy is imported here.
"""
