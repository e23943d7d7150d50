"""Settings, read once per process from the environment (and a `.env` file) and passed down.

The variable names are public (CONTRACT section 4); a few carry no `SCRIBE_` prefix because they
are the vendors' own conventional names (SLACK_BOT_TOKEN, OPENAI_API_KEY, ...).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, ByteSize, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from core.errors import ConfigError

BUNDLED_WHISPER_MODEL = "tiny.en"
DEFAULT_LLM_MODEL = "gpt-4.1-mini"


def _env(name: str) -> AliasChoices:
    # Accept the field name too, so tests and code can build Settings(field=...) directly.
    return AliasChoices(name, name.lower())


class Settings(BaseSettings):
    """Everything an operator can configure. Secrets are SecretStr so they never print."""

    model_config = SettingsConfigDict(
        env_prefix="SCRIBE_",
        env_file=".env",
        extra="ignore",
        populate_by_name=True,
        frozen=True,
        # `.env.example` copied to `.env` leaves values empty: empty means unset, not "".
        env_ignore_empty=True,
    )

    redis_url: str = "redis://localhost:6379/0"

    slack_bot_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=_env("SLACK_SIGNING_SECRET")
    )
    slack_api_url: str = "https://slack.com/api/"
    default_channel: str | None = None
    routes_file: Path | None = None

    zoom_webhook_secret_token: SecretStr | None = Field(
        None, validation_alias=_env("ZOOM_WEBHOOK_SECRET_TOKEN")
    )
    zoom_account_id: str | None = Field(None, validation_alias=_env("ZOOM_ACCOUNT_ID"))
    zoom_client_id: str | None = Field(None, validation_alias=_env("ZOOM_CLIENT_ID"))
    zoom_client_secret: SecretStr | None = Field(None, validation_alias=_env("ZOOM_CLIENT_SECRET"))
    zoom_api_url: str = "https://api.zoom.us/v2"
    zoom_oauth_url: str = "https://zoom.us/oauth/token"
    zoom_use_transcript: bool = False

    google_application_credentials: Path | None = Field(
        None, validation_alias=_env("GOOGLE_APPLICATION_CREDENTIALS")
    )
    drive_folder_id: str | None = None
    drive_channel_token: SecretStr | None = None
    drive_api_url: str = "https://www.googleapis.com/drive/v3/"
    public_url: str | None = None
    # How often Drive changes are read when there is no public address for push channels.
    drive_poll_s: int = Field(60, ge=5, le=24 * 3600)

    openai_api_key: SecretStr | None = Field(None, validation_alias=_env("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=_env("OPENAI_BASE_URL"))
    llm_model: str = DEFAULT_LLM_MODEL
    # Embeddings for finding the moments that answer a thread question; empty: word matching.
    embedding_model: str = "text-embedding-3-small"
    llm_max_retries: int = Field(4, ge=0, le=10)
    llm_timeout_s: float = Field(120.0, gt=0)
    # Transcript tokens per LLM call; longer meetings are summarized part by part, then combined.
    llm_chunk_tokens: int = Field(12_000, ge=500)

    whisper_model: str = BUNDLED_WHISPER_MODEL
    whisper_device: Literal["auto", "cpu", "cuda"] = "auto"
    whisper_compute_type: Literal[
        "auto",
        "default",
        "int8",
        "int8_float16",
        "int8_float32",
        "int8_bfloat16",
        "int16",
        "float16",
        "bfloat16",
        "float32",
    ] = "auto"
    whisper_cpu_threads: int = Field(0, ge=0)
    whisper_batch_size: int = Field(8, ge=1, le=64)
    # Unset: greedy on CPU (beam search costs a fifth of the time there), 5 beams on a GPU.
    whisper_beam_size: int | None = Field(None, ge=1, le=10)
    whisper_download_root: Path | None = None

    smtp_host: str | None = None
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    email_from: str | None = None
    email_allowed_domains: Annotated[tuple[str, ...], NoDecode] = ()

    allow_private_urls: bool = False
    max_media_bytes: ByteSize = ByteSize(4 * 1024**3)
    # How long a link may keep Scribe waiting without progress: for its response headers, or
    # for each 64 KB of a download (a link check gets 1.5 times as long in all). Then the job
    # is tried again later.
    download_stall_s: float = Field(30.0, gt=0, le=3600)
    retention_days: int = Field(30, ge=1)
    review_mode: Literal["off", "host"] = "off"

    worker_concurrency: int = Field(1, ge=1, le=64)
    job_timeout_s: int = Field(3 * 3600, ge=60)
    job_max_tries: int = Field(5, ge=1, le=20)
    # A dead worker's job is taken over by another after this long.
    worker_lease_s: float = Field(60.0, ge=1.0)
    # First delay before retrying a job after a temporary failure; doubles per try.
    retry_base_s: float = Field(30.0, gt=0)
    log_format: Literal["auto", "json", "console"] = "auto"
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    @field_validator("email_allowed_domains", mode="before")
    @classmethod
    def _split_domains(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(d.strip().lower().lstrip("@") for d in value.split(",") if d.strip())
        return value

    @field_validator("slack_api_url", "drive_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        # slack_sdk and googleapiclient join method names onto the base URL.
        return value if value.endswith("/") else value + "/"

    @property
    def zoom_api_enabled(self) -> bool:
        """Scribe's Zoom app is configured: recordings can be looked up by their links."""
        secret = self.zoom_client_secret.get_secret_value() if self.zoom_client_secret else ""
        return bool(self.zoom_account_id and self.zoom_client_id and secret)

    @property
    def llm_enabled(self) -> bool:
        return self.openai_api_key is not None and bool(self.openai_api_key.get_secret_value())


def env_name(field: str) -> str:
    """The environment variable an operator sets for a settings field."""
    info = Settings.model_fields.get(field)
    if info is not None and isinstance(info.validation_alias, AliasChoices):
        first = info.validation_alias.choices[0]
        return first if isinstance(first, str) else field.upper()
    return f"SCRIBE_{field.upper()}"


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning pydantic's report into one readable ConfigError."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else "?"
            problems.append(f"{env_name(field)}: {error['msg']}")
        raise ConfigError("invalid configuration: " + "; ".join(problems)) from None
