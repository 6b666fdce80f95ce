"""One platform tab: call form, field editors, request preview, calls in flight, result."""
