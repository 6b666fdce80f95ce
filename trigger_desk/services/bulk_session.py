"""One bulk run from the window: check, journal, send on the engine's loop, retry, resume.

Qt-free. The sending runs where single calls run (the engine's own thread in the app,
`EngineThread.run_on_loop`), so the window's loop only receives progress, throttled
(`ProgressThrottle`). Pause, resume and cancel are flags the runner reads between
requests: what is on the wire finishes and is recorded; the rest stays pending.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from trigger_desk.core.bulk_runner import BulkJob, BulkProgress, BulkRunner, RunStopped
from trigger_desk.core.calls import CallSpec
from trigger_desk.core.engine import Engine
from trigger_desk.core.model import Platform, Profile
from trigger_desk.core.rate_limit import limiter_key, profile_rate_limit
from trigger_desk.core.token_refresh import SharedBitrixTokens
from trigger_desk.services.bulk_check import BulkCheck, check_items, filled_items, make_filler
from trigger_desk.services.engine_thread import EngineThread
from trigger_desk.services.facade import Services
from trigger_desk.store.bulk_fill import resume_key_lifetime
from trigger_desk.store.bulk_journal import BulkJournal, RunSummary
from trigger_desk.store.bulk_record import BulkRecorder
from trigger_desk.store.bulk_sources import ItemSource
from trigger_desk.store.rate_limits import SharedLimiter, rate_limits_path
from trigger_desk.store.secret_sink import KeyringTokenSink

ProgressSink = Callable[[BulkProgress], None]


class BulkUnavailable(Exception):
    """Bulk runs need the history database (their journal lives there)."""


def new_run_id() -> str:
    # Random, not a counter: it is part of Wix idempotency keys (as in the CLI).
    return datetime.now(UTC).strftime("%y%m%d") + "-" + os.urandom(3).hex()


class ProgressThrottle:
    """Passes a copy of the progress at most every `interval` s (and always the last)."""

    def __init__(self, sink: ProgressSink, interval: float = 0.1) -> None:
        self._sink = sink
        self._interval = interval
        self._last = 0.0

    def __call__(self, progress: BulkProgress, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= self._interval or progress.done >= progress.total:
            self._last = now
            self._sink(replace(progress, counts=dict(progress.counts)))


def history_path(services: Services) -> Path:
    if services.history is None:
        raise BulkUnavailable("History is unavailable, and bulk runs keep their journal in it.")
    path: Path = services.history.path
    return path


class BulkSession:
    """A run of `call` with `profile`: the form's values and payload are the templates."""

    def __init__(
        self,
        services: Services,
        call: CallSpec,
        profile: Profile,
        templates: Mapping[str, Any],
        payload: Any = None,
        run_id: str | None = None,
    ) -> None:
        self.services = services
        self.call = call
        self.profile = profile
        self.templates = dict(templates)
        self.payload = payload
        self.run_id = run_id or new_run_id()
        self.limit = profile_rate_limit(profile)  # RateLimitError names what is wrong
        self.journal = BulkJournal(history_path(services))
        self._runner: BulkRunner | None = None
        self._pause = False
        self.requests = 0
        self.stopped: str | None = None

    def close(self) -> None:
        self.journal.close()

    # --- before sending ----------------------------------------------------------------

    async def check(self, source: ItemSource) -> BulkCheck:
        """Every row filled and checked (in a worker thread), with the plan's figures."""

        def work() -> BulkCheck:
            filler = make_filler(
                self.call, self.profile, source, self.templates, self.payload, self.run_id
            )
            limiter = SharedLimiter(rate_limits_path(self.journal.path))
            try:
                already = limiter.level(self._key({}), self.limit)
            finally:
                limiter.close()
            return check_items(source, filler, self.limit, already)

        return await asyncio.to_thread(work)

    async def start(self, source: ItemSource, on_progress: ProgressSink) -> RunSummary:
        """Journal every item (pending), then send them; the summary when it ends."""

        def journal_items() -> None:
            filler = make_filler(
                self.call, self.profile, source, self.templates, self.payload, self.run_id
            )
            started = datetime.now(UTC).isoformat(timespec="seconds")
            meta = {"source": source.description, "ready": False}
            self.journal.create_run(
                self.run_id, self.call.id, self.profile.name, started, source.description, meta
            )
            self.journal.add_items(self.run_id, filled_items(source, filler))
            self.journal.update_meta(self.run_id, {**meta, "ready": True})

        await asyncio.to_thread(journal_items)
        return await self._send(on_progress)

    # --- sending -----------------------------------------------------------------------

    def _key(self, secrets: Mapping[str, str]) -> str:
        return limiter_key(self.profile, secrets)

    async def resume(self, on_progress: ProgressSink) -> RunSummary:
        """Send what a dead run never sent (`unknown` items stay, unless idempotent)."""
        lock = self.journal.hold(self.run_id)  # RunBusy while another process has it
        try:
            self.journal.prepare_resume(
                self.run_id,
                resend_unknown=False,
                key_lifetime=resume_key_lifetime(self.call.id),
            )
        finally:
            lock.release()
        return await self._send(on_progress)

    async def retry_failed(self, on_progress: ProgressSink) -> RunSummary:
        """The items the platform refused, sent again (they did not run)."""
        await asyncio.to_thread(self.journal.requeue, self.run_id, "failed")
        return await self._send(on_progress)

    async def _send(self, on_progress: ProgressSink) -> RunSummary:
        secrets = await self.services.secrets_for(self.profile)
        lock = self.journal.hold(self.run_id)
        try:
            before = self.journal.summary(self.run_id, live=True)
            job = BulkJob(
                self.run_id,
                self.call,
                self.profile,
                secrets,
                self.limit,
                self._key(secrets),
                before.count("pending"),
            )
            throttle = ProgressThrottle(on_progress)
            self.stopped = None
            try:
                await self._on_engine(lambda engine: self._run(engine, job, throttle))
            except RunStopped as stop:
                self.stopped = str(stop)
        finally:
            lock.release()
        return self.journal.summary(self.run_id, live=False)

    async def _on_engine(self, work: Callable[[Engine], Any]) -> BulkProgress:
        engine = self.services.engine
        if isinstance(engine, EngineThread):
            result: BulkProgress = await engine.run_on_loop(work)
            return result
        result = await work(engine)
        return result

    async def _run(self, engine: Engine, job: BulkJob, throttle: ProgressThrottle) -> BulkProgress:
        limiter = SharedLimiter(rate_limits_path(self.journal.path))
        runner = BulkRunner(
            job,
            engine.client,
            self.journal,
            limiter,
            BulkRecorder(self.services.history),  # rows and journal states together
            engine=engine if job.call.platform is Platform.WIX else None,
            tokens=SharedBitrixTokens(engine.client, KeyringTokenSink(self.services.secret_store)),
            on_progress=throttle,
        )
        if self._pause:
            runner.pause()
        self._runner = runner
        try:
            return await runner.run()
        finally:
            self.requests += runner.progress.requests
            throttle(runner.progress, force=True)  # the last counts, even when stopped
            limiter.close()

    def pause(self) -> None:
        self._pause = True
        if self._runner is not None:
            self._runner.pause()

    def resume_sending(self) -> None:
        self._pause = False
        if self._runner is not None:
            self._runner.resume()

    def cancel(self) -> None:
        if self._runner is not None:
            self._runner.cancel()

    # --- after -------------------------------------------------------------------------

    def results(self) -> list[tuple[int, str, str | None, int | None, dict[str, Any]]]:
        """(row, state, outcome, history id, filled values) per item, in row order."""
        return list(self.journal.items(self.run_id))


# --- runs left unfinished (offered for resume at start) -----------------------------------


def unfinished_runs(services: Services) -> list[RunSummary]:
    """Runs a crashed or killed process left with items never sent or never answered.
    Blocking (SQLite): call it in a worker thread."""
    journal = BulkJournal(history_path(services))
    try:
        return journal.unfinished()
    finally:
        journal.close()


def dismiss_run(services: Services, summary: RunSummary) -> None:
    """Stop offering this run (it stays in `bulk list`, resumable from the CLI)."""
    journal = BulkJournal(history_path(services))
    try:
        journal.update_meta(summary.run_id, {**(summary.meta or {}), "dismissed": True})
    finally:
        journal.close()


class RunPartsMissing(Exception):
    """The run's call or profile is gone: the message says which."""


async def run_parts(services: Services, summary: RunSummary) -> tuple[CallSpec, Profile]:
    """The call and profile a journalled run was made with."""
    from trigger_desk.core.calls import CALLS

    call = CALLS.get(summary.call)
    if call is None:
        raise RunPartsMissing(f"this version has no call {summary.call!r}")
    for profile in await services.list_profiles(call.platform):
        if profile.name == summary.profile:
            return call, profile
    raise RunPartsMissing(
        f"the run's profile {summary.profile!r} no longer exists; add it again to resume"
    )
