"""Slow calls (importing torch, loading an agent, starting the training process, rollouts) run in
one worker thread; their answers are handed back on the window's thread, so a frame never waits."""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable


class Background:
    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="goalpost-background")
        self._pending: list[tuple[Future, Callable[[Any], None], Callable[[BaseException], None]]] = []

    def run(self, job: Callable[[], Any], then: Callable[[Any], None],
            failed: Callable[[BaseException], None]) -> None:
        """Call `job()` in the worker; later, `then(result)` or `failed(error)` on the window's thread."""
        self._pending.append((self._executor.submit(job), then, failed))

    @property
    def busy(self) -> bool:
        """A job has not been answered yet."""
        return bool(self._pending)

    def poll(self) -> None:
        """Answer every finished job (called once a frame)."""
        pending, self._pending, finished = self._pending, [], []
        for entry in pending:  # one done() per job: two passes could lose a job finishing in between
            (finished if entry[0].done() else self._pending).append(entry)
        for future, then, failed in finished:
            error = future.exception()
            if error is None:
                then(future.result())
            else:
                failed(error)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
