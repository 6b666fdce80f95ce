"""The Qt build we ship survives long sessions.

PySide6 6.12.0 drops a reference to None on every void call under Python 3.11 and the
process aborts ("none_dealloc") after a few thousand of them: a window used for a few
minutes would crash. pyproject pins below it; this guards the pin.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for _ in range(30_000):
    label.setText("x")
    label.setVisible(False)
print("survived")
"""


def test_many_void_qt_calls_do_not_abort_the_process() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "survived"
