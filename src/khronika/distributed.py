"""Extraction on a Dask cluster: reading reports with the language models (spaCy parse,
names, times, places, actors, events) runs on the cluster's workers; storing and linking stay
in this process, one ordered writer, so the record is the same for 1 or N workers.

``khronika ingest --workers N`` starts a local cluster of N worker processes (one thread
each: spaCy holds the GIL); ``--scheduler tcp://HOST:8786`` uses a running one (its workers
need khronika installed, the same version). Reports are sent in a bounded window (a few per
worker) and their extractions taken back in the order the reports came, whatever order the
workers finish in.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .errors import ConfigError
from .model import Extraction, IncomingReport, Report
from .pipeline import Pipeline

PER_WORKER = 6  # reports in flight per worker: enough to keep each busy, bounded memory
_PIPELINES: dict[tuple[str, ...], Pipeline] = {}


def _pipeline(steps: tuple[str, ...]) -> Pipeline:
    if steps not in _PIPELINES:
        _PIPELINES[steps] = Pipeline(steps)
    return _PIPELINES[steps]


def warm(steps: tuple[str, ...]) -> str:
    """Load the pipeline on a worker before the first report (its models load once)."""
    return _pipeline(steps).name


def extract_remote(steps: tuple[str, ...], incoming: IncomingReport, sha: str) -> Extraction:
    """What runs on a worker: the report read by the pipeline (as :meth:`Record._extract`)."""
    from .service import extract_report

    report = Report(incoming.meta, sha, incoming.text, incoming.media_type)
    return extract_report(_pipeline(steps), incoming, report)


class DaskExtractor:
    """A Dask client (a local cluster of ``workers`` processes, or ``scheduler``'s) that
    extracts reports in order. Use as a context manager: the local cluster stops after."""

    def __init__(
        self, workers: int | None = None, scheduler: str | None = None, timeout: float = 30
    ) -> None:
        if (workers is None) == (scheduler is None):
            raise ConfigError("Give either --workers N or --scheduler tcp://HOST:8786.")
        if workers is not None and workers < 1:
            raise ConfigError("--workers takes a number of worker processes, 1 or more.")
        self.workers = workers
        self.scheduler = scheduler
        self.timeout = timeout
        self.client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskExtractor:
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            import dask

            try:
                with dask.config.set({"distributed.comm.timeouts.connect": f"{self.timeout}s"}):
                    self.client = Client(self.scheduler, timeout=f"{self.timeout}s")
            except OSError as exc:
                raise ConfigError(
                    f"Cannot reach the Dask scheduler at {self.scheduler} ({exc}). Check the"
                    " address and that `dask scheduler` runs there."
                ) from None
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=40,
            )
            self.client = Client(self._cluster)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    @property
    def size(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def warm(self, pipeline: Pipeline) -> None:
        """Load the pipeline on every worker (the language models, once each)."""
        self.client.run(warm, pipeline.names)

    def extract(
        self,
        pipeline: Pipeline,
        items: Iterable[tuple[Any, IncomingReport, str]],
        done: Callable[[], None] | None = None,
    ) -> Iterator[tuple[Any, Extraction | BaseException]]:
        """(key, extraction or the error it raised) of each (key, report, sha256), in order."""
        window: deque[tuple[Any, Any]] = deque()
        limit = PER_WORKER * self.size
        for key, incoming, sha in items:
            future = self.client.submit(extract_remote, pipeline.names, incoming, sha, pure=False)
            if done is not None:
                future.add_done_callback(lambda _f: done())
            window.append((key, future))
            while len(window) >= limit:
                yield _take(window)
        while window:
            yield _take(window)


def _take(window: deque[tuple[Any, Any]]) -> tuple[Any, Extraction | BaseException]:
    key, future = window.popleft()
    try:
        return key, future.result()
    except Exception as exc:  # the extractor's error, as the worker raised it
        return key, exc
