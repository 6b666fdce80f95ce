"""Asyncio tasks started by widgets: their unexpected errors reach the error dialog."""

from __future__ import annotations

import asyncio
import sys
from typing import Any


def report_task_error(task: asyncio.Task[Any]) -> None:
    """Done-callback: an unexpected exception in a UI task goes to the excepthook
    (the error dialog), as qasync's asyncSlot does; cancellation is not an error."""
    if task.cancelled():
        return
    error = task.exception()
    if error is not None:
        sys.excepthook(type(error), error, error.__traceback__)
