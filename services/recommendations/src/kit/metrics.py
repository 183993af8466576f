"""What the app reports at GET /metrics, beside its sidecar's view; the same series and labels as
packages/kit/src/metrics.ts, so Prometheus and the ops console read every app alike. Labels stay
bounded: routes as their patterns (/api/recommendations/{isbn}), never raw paths."""

from __future__ import annotations

import platform
import tomllib
from pathlib import Path

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import GC_COLLECTOR, PLATFORM_COLLECTOR, PROCESS_COLLECTOR
from prometheus_client.metrics_core import Metric


class _WithService:
    """The runtime's own series (process_resident_memory_bytes, …) with the `service` label, as
    prom-client gives the TypeScript apps': Prometheus and the console count apps by it."""

    def __init__(self, service: str, *collectors) -> None:
        self.service = service
        self.collectors = collectors

    def collect(self):
        for collector in self.collectors:
            for family in collector.collect():
                labelled = Metric(family.name, family.documentation, family.type, family.unit)
                for sample in family.samples:
                    labelled.add_sample(sample.name, {**sample.labels, "service": self.service}, sample.value, sample.timestamp, sample.exemplar)
                yield labelled


class Metrics:
    """One registry per app instance: tests build several apps in one process without clashes.
    prom-client labels every series with the service by default; here `service` is a label."""

    def __init__(self, service: str, version: str) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(_WithService(service, PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR))
        self.service = service
        self.http_request_duration = Histogram(
            "quire_http_request_duration_seconds",
            "Requests an app answered, by route pattern, method and status",
            ["service", "route", "method", "status"],
            buckets=[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
            registry=self.registry,
        )
        self.events_handled = Counter(
            "quire_events_handled",
            "Events an app was delivered, by CloudEvent type and what it answered (success, retry, drop)",
            ["service", "type", "outcome"],
            registry=self.registry,
        )
        # Which build answers on this port, for the ops console's health page: always 1, the facts are labels.
        build_info = Gauge("quire_build_info", "The app's version and the runtime it runs on", ["service", "version", "runtime"], registry=self.registry)
        build_info.labels(service, version, f"python {platform.python_version()}").set(1)

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.http_request_duration.labels(self.service, route, method, str(status)).observe(seconds)

    def count_event(self, type_: str, outcome: str) -> None:
        self.events_handled.labels(self.service, type_, outcome).inc()

    def text(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


def own_version(app_dir: Path) -> str:
    """An app runs in its own folder (the run file's appDirPath), beside its pyproject.toml."""
    try:
        with open(app_dir / "pyproject.toml", "rb") as f:
            version = tomllib.load(f).get("project", {}).get("version")
        return version if isinstance(version, str) else "unknown"
    except (OSError, tomllib.TOMLDecodeError):
        return "unknown"
