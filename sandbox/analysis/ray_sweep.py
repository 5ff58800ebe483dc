"""Sweep runs as Ray tasks, for sweeps larger than one machine.

Ray is an optional extra (`pip install "goalpost[ray]"`). With no address, `ray.init` starts a
local cluster on this machine's cores; with one ("auto", or "ray://host:10001"), the sweep joins
that cluster and its tasks spread over every node. Each task is the same `train_and_measure` the
local pool runs, seeded the same way, so a row does not depend on where it ran. A task that fails
is retried `RETRIES` times; a run that still fails is reported by name after the others finish,
and the sweep ends with an error, so a missing row is never silent (rerunning the sweep trains
only the missing runs).
"""
from __future__ import annotations

from collections.abc import Iterator

from sandbox.analysis.sweep import Runner, SweepRun, train_and_measure

RETRIES = 2


class RayMissing(ValueError):
    """`--ray` was asked for without Ray installed."""


class SweepRunsFailed(ValueError):
    """Some runs failed on every try; the rows of the others are already in the CSV."""


def ray_runner(address: str | None = None, num_cpus: int | None = None) -> Runner:
    """Runs as Ray tasks of one CPU each; `num_cpus` caps a local cluster (None: every core)."""
    try:
        import ray
    except ImportError:
        raise RayMissing("--ray needs Ray: pip install 'ray==2.60.0' (or install Goalpost with its 'ray' "
                         "extra)") from None

    def run_all(todo: list[SweepRun]) -> Iterator[dict]:
        started = not ray.is_initialized()
        if started:
            ray.init(address=address, num_cpus=None if address else num_cpus, include_dashboard=False,
                     log_to_driver=False, configure_logging=False)
        try:
            task = ray.remote(num_cpus=1, max_retries=RETRIES, retry_exceptions=True)(train_and_measure)
            pending = {task.remote(run): run for run in todo}
            failed: list[str] = []
            while pending:
                [ready], _ = ray.wait(list(pending), num_returns=1)
                run = pending.pop(ready)
                try:
                    yield ray.get(ready)
                except ray.exceptions.RayError as error:
                    failed.append(f"{run.knob}={run.value:g} seed {run.seed}: {_first_line(error)}")
            if failed:
                raise SweepRunsFailed(f"{len(failed)} run(s) failed after {RETRIES + 1} tries each: "
                                      + "; ".join(failed))
        finally:
            if started:
                ray.shutdown()

    return run_all


def _first_line(error: Exception) -> str:
    """Ray wraps the task's exception with its traceback; the last line names the cause."""
    lines = [line for line in str(error).splitlines() if line.strip()]
    return lines[-1][:200] if lines else type(error).__name__
