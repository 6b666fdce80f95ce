"""A local emulator of the Bitrix24 and Wix trigger endpoints (stdlib only).

`Sandbox` serves both platforms on 127.0.0.1 with the documented rules, answers and
errors, records what it received, and can be told to misbehave. `run_sandbox` is the
`trigger-desk sandbox` command; `sandbox_profiles` describes the four profiles that
point at a running sandbox.
"""

from trigger_desk.sandbox.console import (
    EXIT_CANNOT_START,
    SandboxProfile,
    profile_command,
    run_sandbox,
    sandbox_limits,
    sandbox_profiles,
)
from trigger_desk.sandbox.messages import ReceivedRequest
from trigger_desk.sandbox.modes import FAULTS, FLAGS
from trigger_desk.sandbox.server import Sandbox
from trigger_desk.sandbox.state import DEFAULT_SEED, Firing, SeedCredentials, WixEvent

__all__ = [
    "DEFAULT_SEED",
    "EXIT_CANNOT_START",
    "FAULTS",
    "FLAGS",
    "Firing",
    "ReceivedRequest",
    "Sandbox",
    "SandboxProfile",
    "SeedCredentials",
    "WixEvent",
    "profile_command",
    "run_sandbox",
    "sandbox_limits",
    "sandbox_profiles",
]
