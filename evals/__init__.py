"""The evaluation harness: benchmark files in, figures evaluators can trust out.

`benchmark` reads and validates a JSON Lines file, `harness.evaluate` runs its items through
the same core users get, `metrics` scores them, `baselines` holds the naive pipeline the
assistant is compared with, and `report` writes Markdown, HTML and JSON.
"""
