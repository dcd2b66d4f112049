"""The one place the program's offline environment is set: no downloads, no telemetry."""

from __future__ import annotations

import os


def go_offline() -> None:
    """Forbid hub downloads and telemetry for this process (before a model or Chroma loads).

    A model loaded by a hub name without HF_HUB_OFFLINE retries the network for about 70 s
    before failing; nothing here may be downloaded at run time, so these are forced.
    """
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    os.environ["ANONYMIZED_TELEMETRY"] = "False"  # chromadb's
    # Preferences, left to the user: bars for reading a local folder are noise in logs, and
    # tokenizers' own threads would compete with torch's.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
