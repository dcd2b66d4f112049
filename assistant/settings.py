"""Settings, validated when loaded; read from the environment with the POLICYQA_ prefix."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The five policy documents the product ships with (see README).
SHIPPED_CORPUS = Path(__file__).resolve().parent.parent / "data" / "policies"


def default_data_dir() -> Path:
    """The user's data directory: $XDG_DATA_HOME/policyqa, else ~/.local/share/policyqa."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "policyqa"


class Settings(BaseSettings):
    """Everything configurable. Passed into constructors; never a module-level singleton."""

    model_config = SettingsConfigDict(env_prefix="POLICYQA_", env_file=None, extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir,
                           description="Everything the program writes: index, model, logs.")
    corpus_dir: Path = Field(default=SHIPPED_CORPUS,
                             description="Policy files `make run` indexes by default.")
    model: str = Field(default="",
                       description="Embedding model: empty for the bundled multilingual-e5-small "
                                   "(prepared under data_dir), or a local sentence-transformers path.")
    collection: str = "policyqa_measures"
    chroma_url: str | None = Field(default=None,
                                   description="http://host:port of a Chroma server; embedded when unset.")
    chroma_host: str | None = None
    chroma_port: int | None = None
    max_file_mb: float = Field(default=20.0, gt=0)
    parse_seconds: float = Field(default=60.0, gt=0,
                                 description="A file whose parse takes longer is stopped, "
                                             "reported and skipped; the batch goes on.")
    top_k: int = Field(default=5, ge=1, le=50)
    torch_threads: int = Field(default=1, ge=1, le=64)

    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = Field(default=30.0, gt=0)

    admin_token: str | None = None
    conversation_days: int = Field(default=180, ge=0,
                                   description="Web-chat conversations not updated for this "
                                               "many days, and feedback given that long ago, "
                                               "are deleted (0: kept until deleted).")
    cors_origins: list[str] = Field(default_factory=list)
    ask_rate_per_minute: int = Field(default=120, ge=0,
                                     description="Questions, searches and matches per client "
                                                 "and minute, by every route (0: no limit).")
    admin_failures_per_minute: int = Field(default=5, ge=0,
                                           description="Wrong admin tokens a client may send "
                                                       "in a minute before it is refused "
                                                       "(429); 0: no limit.")
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses of reverse proxies whose X-Forwarded-For names the client; "
                    "from anyone else the header is ignored.")
    min_free_mb: float = Field(default=64.0, ge=0,
                               description="Free disk space every write leaves untouched.")
    store_timeout_s: float = Field(default=10.0, gt=0,
                                   description="A store that does not answer a probe within "
                                               "this long makes /readyz false.")
    write_timeout_s: float = Field(default=120.0, gt=0,
                                   description="A write to the index that takes longer fails "
                                               "(503) and stops writes until a restart.")

    @field_validator("collection")
    @classmethod
    def _collection_name(cls, value: str) -> str:
        if len(value) < 3:
            raise ValueError("collection names need at least 3 characters (Chroma)")
        return value

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def chroma_endpoint(self) -> tuple[str, int] | None:
        """(host, port) of a Chroma server, or None for the embedded store."""
        if self.chroma_url:
            from urllib.parse import urlparse

            url = urlparse(self.chroma_url)
            return url.hostname or "127.0.0.1", url.port or 8000
        if self.chroma_host:
            return self.chroma_host, self.chroma_port or 8000
        return None
