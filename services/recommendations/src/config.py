"""The environment, parsed once at start (no other module reads os.environ). A wrong value stops the
process with one line per field, because a service that starts half-configured fails later and
less clearly. Defaults work with `make run`."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .kit.logger import LEVELS


@dataclass(frozen=True)
class Config:
    host: str
    port: int
    log_level: str
    dapr_host: str
    dapr_http_port: int
    dapr_api_token: str | None
    app_api_token: str
    state_store: str
    pubsub_component: str
    schemas_dir: Path


class ConfigError(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def parse_config(env: Mapping[str, str], cwd: Path) -> Config:
    errors: dict[str, str] = {}

    def text(name: str, default: str | None = None) -> str | None:
        value = env.get(name, default)
        if value is not None and value.strip() == "":
            errors[name] = "must not be empty"
            return None
        return value

    def port(name: str, default: int) -> int:
        raw = env.get(name)
        if raw is None:
            return default
        if not raw.isdigit() or not 1 <= int(raw) <= 65535:
            errors[name] = f"must be a port number (1-65535), got {raw!r}"
            return default
        return int(raw)

    log_level = env.get("LOG_LEVEL", "info")
    if log_level not in LEVELS:
        errors["LOG_LEVEL"] = f"must be one of {', '.join(LEVELS)}, got {log_level!r}"
    app_api_token = text("APP_API_TOKEN")
    if app_api_token is None and "APP_API_TOKEN" not in errors:
        errors["APP_API_TOKEN"] = "set APP_API_TOKEN: the sidecar sends it to the app on every call"
    dapr_api_token = env.get("DAPR_API_TOKEN") or None
    # Relative to the working directory, which is the app's folder (the run file's appDirPath).
    schemas_dir = (cwd / env.get("SCHEMAS_DIR", "../../packages/contracts/schemas")).resolve()
    if not schemas_dir.is_dir():
        errors["SCHEMAS_DIR"] = f"no such folder: {schemas_dir} (the JSON Schemas of packages/contracts)"

    config = Config(
        host=text("HOST", "127.0.0.1") or "127.0.0.1",
        port=port("PORT", 3011),
        log_level=log_level,
        dapr_host=text("DAPR_HOST", "127.0.0.1") or "127.0.0.1",
        dapr_http_port=port("DAPR_HTTP_PORT", 3500),
        dapr_api_token=dapr_api_token,
        app_api_token=app_api_token or "",
        state_store=text("STATE_STORE", "recommendationstore") or "",
        pubsub_component=text("PUBSUB_COMPONENT", "pubsub") or "",
        schemas_dir=schemas_dir,
    )
    if errors:
        raise ConfigError(errors)
    return config


def load_config(env: Mapping[str, str], cwd: Path) -> Config:
    try:
        return parse_config(env, cwd)
    except ConfigError as err:
        lines = "\n".join(f"  {name}: {message}" for name, message in err.errors.items())
        print(f"Invalid environment:\n{lines}", file=sys.stderr)
        sys.exit(1)
