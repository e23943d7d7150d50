"""Which Slack channel a meeting's summary goes to, from the routes file (SCRIBE_ROUTES_FILE).

    routes:
      - topic: "*1:1*"            # opt out: these meetings are not even fetched
        skip: true
      - topic: "*[no-scribe]*"
        skip: true
      - host_email: cto@example.com
        channel: C0LEADERSHIP
      - topic: "Billing*"         # * any text, ? one character; case-insensitive
        channel: C0BILLING
      - drive_folder: 1AbCdEfGh   # a watched Drive folder's id
        channel: C0RECORDINGS

The first rule whose every given field matches wins; when none does, the default channel
(SCRIBE_DEFAULT_CHANNEL) is used, and without one the summary is not posted in Slack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from core.errors import ConfigError


class Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    host_email: str | None = None
    topic: str | None = None
    drive_folder: str | None = None
    channel: str | None = None
    skip: bool = False

    @model_validator(mode="after")
    def _complete(self) -> Rule:
        if not (self.host_email or self.topic or self.drive_folder):
            raise ValueError("a rule needs host_email, topic or drive_folder")
        if self.skip == bool(self.channel):
            raise ValueError("a rule needs either channel or skip: true")
        return self

    def matches(self, meeting: Meeting) -> bool:
        checks = [
            (
                self.host_email,
                (meeting.host_email or "").lower() == (self.host_email or "").lower(),
            ),
            (self.topic, _pattern(self.topic or "").fullmatch(meeting.topic) is not None),
            (self.drive_folder, self.drive_folder in meeting.folders),
        ]
        return all(ok for wanted, ok in checks if wanted)


def _pattern(topic: str) -> re.Pattern[str]:
    # Only * and ? are wildcards: brackets are literal, as in "[no-scribe]".
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in topic)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


class _RoutesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    routes: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True)
class Meeting:
    """What routing looks at."""

    topic: str = ""
    host_email: str | None = None
    folders: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Route:
    channel: str | None  # None: no Slack post
    skip: bool = False
    why: str = ""


@dataclass(frozen=True, slots=True)
class Routes:
    rules: tuple[Rule, ...] = ()
    default_channel: str | None = None

    def route(self, meeting: Meeting) -> Route:
        for number, rule in enumerate(self.rules, start=1):
            if rule.matches(meeting):
                if rule.skip:
                    return Route(channel=None, skip=True, why=f"opt-out rule {number} matched")
                return Route(channel=rule.channel, why=f"rule {number} matched")
        return Route(channel=self.default_channel, why="no rule matched: default channel")


def load_routes(path: Path | None, *, default_channel: str | None) -> Routes:
    """Read and check the routes file at start-up; a bad file is a ConfigError naming it."""
    if path is None:
        return Routes(default_channel=default_channel)
    try:
        data = yaml.safe_load(path.read_text()) or {}
        parsed = _RoutesFile.model_validate(data)
    except OSError as exc:
        raise ConfigError(f"SCRIBE_ROUTES_FILE {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"SCRIBE_ROUTES_FILE {path} is not valid YAML: {exc}") from None
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"])
        raise ConfigError(f"SCRIBE_ROUTES_FILE {path}: {where}: {exc.errors()[0]['msg']}") from None
    return Routes(rules=parsed.routes, default_channel=default_channel)
