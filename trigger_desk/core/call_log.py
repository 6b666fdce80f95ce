"""What the engine writes down about one call, and when (its history row).

Masking the request and beginning its history row wait until the request is on the
wire: done then, they overlap the wait for the answer instead of delaying the call. A
call never sent (no connection) is masked afterwards and added whole.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future

from trigger_desk.core.history_writer import HistoryWriter
from trigger_desk.core.record import CallRecord, RequestRecord
from trigger_desk.core.redact import Redactor
from trigger_desk.core.request import OutgoingRequest

log = logging.getLogger(__name__)

# The record's request until the first attempt is masked (see CallLog).
NOT_YET_MASKED = RequestRecord("", "", {}, "")


class CallLog:
    """One call's record, its masking and its history row."""

    def __init__(self, record: CallRecord, redactor: Redactor, history: HistoryWriter | None):
        self.record = record
        self.redactor = redactor
        self._history = history
        self.waiting = True  # for a turn on the wire (Engine.settings.max_on_wire)
        self._outgoing: OutgoingRequest | None = None  # the attempt being made
        self._masked = False  # is record.request the current attempt's?
        self._begun: Future[int] | None = None

    def sending(self, outgoing: OutgoingRequest) -> None:
        self._outgoing, self._masked = outgoing, False
        self.record.request_id = outgoing.headers["X-Request-ID"]

    def settle(self) -> None:
        """Make sure the record shows the current attempt's request."""
        if not self._masked and self._outgoing is not None:
            self.record.request = self._outgoing.masked(self.redactor)
            self._masked = True

    def on_wire(self) -> None:
        # Runs inside httpx's request (a trace event): it must never raise.
        try:
            self.settle()
            if self._history is not None and self._begun is None:
                self._begun = self._history.begin(self.record)
        except Exception as error:
            self._begun = Future()
            self._begun.set_exception(error)

    async def complete(self) -> None:
        self.settle()
        history, record = self._history, self.record
        if history is None:
            return
        begun = self._begun if self._begun is not None else history.add(record)
        try:
            record.history_id = await history.history_id(begun)
        except Exception as error:  # the call happened: report it, don't lose the record
            log.error("could not save call to history: %s", type(error).__name__)
            record.notes.append(f"Could not be saved to history: {type(error).__name__}.")
            return
        if self._begun is not None:
            history.complete(record)
