"""What the engine writes down about one call, and when (its history row).

No call goes on the wire without its row: `before_wire` masks the request and commits
the in-flight row first (on the engine's loop when that is quick, else awaited from the
history worker, for at most `EngineSettings.history_wait`), then runs the caller's own
`before_send` step. If the row cannot be committed, the call is refused: its record
says why and that nothing was sent. A call that ends before it was ever sent (a token
that could not be had, cancelled while waiting its turn) is added whole at the end.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import Future

from trigger_desk.core.history_writer import HistoryBusy, HistoryProblem, HistoryWriter
from trigger_desk.core.i18n import QT_TRANSLATE_NOOP, Msg
from trigger_desk.core.outcome import Outcome
from trigger_desk.core.record import CallRecord, Diagnosis, RequestRecord
from trigger_desk.core.redact import Redactor
from trigger_desk.core.request import OutgoingRequest
from trigger_desk.core.timing import PhaseClock

log = logging.getLogger(__name__)

# The record's request until the first attempt is masked (see CallLog).
NOT_YET_MASKED = RequestRecord("", "", {}, "")

# A step the caller runs once the call's row is committed, just before it is sent.
BeforeSend = Callable[[CallRecord], Awaitable[None]]


class BeforeSendFailed(Exception):
    """The caller's `before_send` step raised `error`; nothing was sent."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class CallLog:
    """One call's record, its masking and its history row."""

    def __init__(self, record: CallRecord, redactor: Redactor, history: HistoryWriter | None):
        self.record = record
        self.redactor = redactor
        self._history = history
        self.waiting = True  # for a turn on the wire (Engine.settings.max_on_wire)
        self.sent = False  # has a request of this call gone to the HTTP client?
        self._outgoing: OutgoingRequest | None = None  # the attempt being made
        self._masked = False  # is record.request the current attempt's?
        self._begun: Future[int] | None = None
        self._refused = False  # the row could not be written: nothing was sent
        self._clock: PhaseClock | None = None  # the current attempt's

    def new_clock(self) -> PhaseClock:
        """The clock of a new attempt."""
        self._clock = PhaseClock()
        return self._clock

    def clock_stopped(self) -> None:
        """Record the current attempt's phases, also when it was cut off mid-way."""
        if self._clock is not None:
            self.record.timings_ms = self._clock.phases_ms()
            self.record.timings_state = self._clock.states()

    def sending(self, outgoing: OutgoingRequest) -> None:
        self._outgoing, self._masked = outgoing, False
        self.record.request_id = outgoing.headers["X-Request-ID"]

    def settle(self) -> None:
        """Make sure the record shows the current attempt's request (body cut for history)."""
        if not self._masked and self._outgoing is not None:
            self.record.request, note = self._outgoing.recorded(self.redactor)
            if note and note not in self.record.notes:
                self.record.notes.append(note)
            self._masked = True

    async def before_wire(self, history_wait: float, before_send: BeforeSend | None) -> bool:
        """Commit the call's row, then run `before_send`; False (and the record says
        why) when the row could not be committed: the call must not be sent. Raises
        `BeforeSendFailed` if the caller's step fails."""
        self.settle()
        if self._history is not None and self._begun is None:
            if self.record.notes:  # a token step's notes may quote outside text
                self.redactor.mask_record(self.record)
            self._begun = self._history.begin(self.record, history_wait)
            try:
                self.record.history_id = await self._history.history_id(self._begun)
            except Exception as error:
                self._refused = True
                self.record.diagnosis = not_recorded(error)
                log.error("call not sent: its history row could not be written (%s)", error)
                return False
        if before_send is not None:
            try:
                await before_send(self.record)
            except Exception as error:
                self.record.diagnosis = Diagnosis(
                    Outcome.INVALID_INPUT,
                    f"Not sent: the step before sending failed ({type(error).__name__}).",
                    "Nothing was sent.",
                )
                raise BeforeSendFailed(error) from error
        return True

    async def complete(self) -> None:
        """Write the finished record: complete its row, or add it whole if it has none."""
        self.settle()
        # The one place every record passes before it is stored or returned: outside
        # text (answers, exception and token-endpoint messages) is masked here.
        self.redactor.mask_record(self.record)
        history, record, begun = self._history, self.record, self._begun
        if history is None or self._refused:
            return
        if begun is not None and begun.cancelled():
            begun = None  # withdrawn before the worker wrote it: never sent either
        try:
            record.history_id = await history.history_id(
                begun if begun is not None else history.add(record)
            )
        except Exception as error:  # not sent (else the row exists): report, keep the record
            log.error("could not save call to history: %s", type(error).__name__)
            record.notes.append(
                Msg(
                    QT_TRANSLATE_NOOP("core", "Could not be saved to history: {error}."),
                    error=type(error).__name__,
                )
            )
            return
        if begun is not None:
            history.complete(record)


def not_recorded(error: Exception) -> Diagnosis:
    """Why a call was refused: its history row could not be committed first."""
    nothing_sent = QT_TRANSLATE_NOOP(
        "core", "Every call is recorded before it is sent, so nothing was sent."
    )
    if isinstance(error, HistoryBusy):
        said = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
        return Diagnosis(
            Outcome.INVALID_INPUT,
            Msg(
                QT_TRANSLATE_NOOP("core", "Not sent: {problem} {nothing_sent}"),
                problem=said,
                nothing_sent=nothing_sent,
            ),
            QT_TRANSLATE_NOOP(
                "core",
                "Let the other program finish or close it (or end its open transaction), then "
                "fire again.",
            ),
            error_code="history_busy",
            error_message="the history database is locked by another program",
        )
    problem = (
        str(error) if isinstance(error, HistoryProblem) else f"{type(error).__name__}: {error}"
    )
    return Diagnosis(
        Outcome.INVALID_INPUT,
        Msg(
            QT_TRANSLATE_NOOP(
                "core",
                "Not sent: the call could not be recorded in history first. "
                "{problem} {nothing_sent}",
            ),
            problem=problem,
            nothing_sent=nothing_sent,
        ),
        QT_TRANSLATE_NOOP("core", "Fire again once the history can be written."),
        error_code="history_unavailable",
        error_message=problem,
    )
