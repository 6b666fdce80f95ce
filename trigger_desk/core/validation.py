"""Checks made before anything is sent, all read from the call declarations.

Every problem is a `FieldError` naming the field (or call id, or profile) exactly as the
user typed it, the rule, and an example. `InvalidInput` carries them all at once so the
user can fix everything in one go.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trigger_desk.core.calls import CALLS, CallSpec, FieldSpec, FieldType, PayloadRules, find_call
from trigger_desk.core.calls.rules import wix_event_payload_problems
from trigger_desk.core.control_chars import control_problem
from trigger_desk.core.input_files import MAX_PAYLOAD_FILE_BYTES, InputFileRefused, read_text_file
from trigger_desk.core.model import Profile, auth_scheme
from trigger_desk.core.secret_text import HEADER_SECRETS, secret_text_problem
from trigger_desk.core.setting_secrets import settings_with_secrets
from trigger_desk.core.strict_json import INT64_MAX, INT64_MIN, JsonRefused, loads_strict
from trigger_desk.core.webhook_url import parse_webhook_url

# Whole numbers as the docs mean them: ASCII digits only (int() also takes "١٢", "1_0").
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,19}")


@dataclass(frozen=True)
class FieldError:
    """One problem with one input, ready to show next to it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class InvalidInput(Exception):
    """Bad input was found; nothing was sent."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(str(error) for error in self.errors))


def _suggest(word: str, options: Iterable[str]) -> str:
    options = list(options)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close:
        lowered = {option.lower(): option for option in options}
        if word.lower() in lowered:
            close = [lowered[word.lower()]]
    return f" Did you mean {close[0]!r}?" if close else ""


def require_call(call_id: str) -> CallSpec:
    """The call with this id, or InvalidInput listing the known ids."""
    call = find_call(call_id)
    if call is None:
        known = ", ".join(CALLS)
        raise InvalidInput(
            [
                FieldError(
                    call_id, f"unknown call id.{_suggest(call_id, CALLS)} Known calls: {known}."
                )
            ]
        )
    return call


def check_auth(call: CallSpec, profile: Profile) -> FieldError | None:
    """Whether this profile can make this call at all."""
    if profile.platform is not call.platform:
        return FieldError(
            profile.name,
            f"profile is for {profile.platform.label}, but {call.id} is a "
            f"{call.platform.label} call; pick a {call.platform.label} profile.",
        )
    if profile.auth not in call.auth_kinds:
        kinds = " or ".join(sorted(kind.value for kind in call.auth_kinds))
        reason = f": {call.auth_reason}" if call.auth_reason else ""
        return FieldError(
            profile.name,
            f"profile uses auth '{profile.auth.value}', but {call.id} needs {kinds}{reason}.",
        )
    return None


def check_secrets(profile: Profile, secrets: Mapping[str, str]) -> list[FieldError]:
    """The profile's required secrets that are missing (or empty) in `secrets`, and any
    secret that cannot be sent (see `secret_text`).

    Every front reads them from the keyring; a profile whose keyring items are gone must
    be refused before sending, never sent with an empty credential.
    """
    scheme = auth_scheme(profile.platform, profile.auth)
    if scheme is None:
        return []

    def store_again(key: str) -> str:
        return (
            f"Store it again: edit the profile in the window, or `trigger-desk profiles add "
            f"{profile.name} --platform {profile.platform.value} --auth "
            f"{profile.auth.value} --replace` and give {key}=... on standard input"
        )

    errors: list[FieldError] = []
    for key in scheme.secrets:
        value = str(secrets.get(key) or "")
        if not value.strip():
            if key in scheme.required_secrets:
                message = f"profile {profile.name!r} has no {key} in the keyring"
                errors.append(FieldError(key, f"{message}. {store_again(key)}"))
            continue
        # Refused here, not by httpx mid-send (a non-ASCII header value raises there).
        problem = (
            _webhook_problem(value)
            if key == "webhook_url"
            else secret_text_problem(value, header=key in HEADER_SECRETS)
        )
        if problem:
            message = f"the {key} of profile {profile.name!r} in the keyring {problem}"
            errors.append(FieldError(key, f"{message}. {store_again(key)}"))
    return errors


def _webhook_problem(url: str) -> str | None:
    """The stored webhook URL checked as when it was added (its secret is plain ASCII)."""
    try:
        parse_webhook_url(url)
    except ValueError as refused:
        return f"is not usable: {refused}"
    return None


def require_secrets(profile: Profile, secrets: Mapping[str, str]) -> None:
    """Raise InvalidInput when `check_secrets` finds a problem (nothing is sent)."""
    missing = check_secrets(profile, secrets)
    if missing:
        raise InvalidInput(missing)


def _field_message(spec: FieldSpec, problem: str) -> str:
    rule = f" Rule: {spec.rule.description}." if spec.rule else ""
    return f"{problem}.{rule} Example: {spec.name}={spec.example}"


def typed_value(spec: FieldSpec, raw: Any) -> Any:
    """Convert a raw value (text from a form or the command line) to the field's JSON type.

    Raises ValueError with the reason when it cannot be converted.
    """
    if spec.type is FieldType.INTEGER:
        if isinstance(raw, bool):
            raise ValueError("must be a whole number")
        if isinstance(raw, int):
            value = raw
        else:
            text = str(raw).strip(" ")
            if not _WHOLE_NUMBER.fullmatch(text):
                shown = text if len(text) <= 30 else text[:30] + "…"
                raise ValueError(f"must be a whole number (digits 0-9), not {shown!r}")
            value = int(text)
        if not INT64_MIN <= value <= INT64_MAX:
            raise ValueError(f"must be at most {INT64_MAX} (a 64-bit number)")
        return value
    text = raw if isinstance(raw, str) else str(raw)
    problem = control_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def check_field(spec: FieldSpec, raw: Any) -> str | None:
    """The problem with one value (None when fine); used live by the form as the user types."""
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return _field_message(spec, "is required") if spec.required else None
    try:
        value = typed_value(spec, raw)
    except ValueError as error:
        return _field_message(spec, str(error))
    if spec.rule is not None:
        problem = spec.rule.check(value)
        if problem:
            return _field_message(spec, problem)
    return None


def check_payload(call: CallSpec, payload: Any) -> list[FieldError]:
    """Problems with the payload object (empty list when fine or when none is given)."""
    spec = call.payload
    if spec is None:
        if payload is not None:
            return [FieldError("payload", f"{call.id} takes no payload.")]
        return []
    if payload is None:
        if spec.required:
            return [FieldError(spec.key, "is required. Example: " + json.dumps(dict(spec.example)))]
        return []
    if not isinstance(payload, dict):
        return [
            FieldError(
                spec.key,
                "must be a JSON object such as " + json.dumps(dict(spec.example)),
            )
        ]
    if spec.rules is PayloadRules.WIX_EVENT:
        return [FieldError(path, problem) for path, problem in wix_event_payload_problems(payload)]
    return []


def parse_payload(text: str, *, base_dir: Path | None = None) -> Any:
    """`--payload JSON|@FILE` to a value; InvalidInput naming the problem (bad JSON with
    line and column, too deep, NaN, numbers past 64 bits, a file that cannot be read)."""
    source = ""
    if text.startswith("@"):
        path = Path(text[1:]).expanduser()
        if base_dir is not None and not path.is_absolute():
            path = base_dir / path
        try:
            text = read_text_file(path, MAX_PAYLOAD_FILE_BYTES)
        except InputFileRefused as refused:
            raise InvalidInput([FieldError("payload", f"payload file {refused}.")]) from None
        source = f" (payload file {path})"
    try:
        return loads_strict(text, "payload")
    except JsonRefused as refused:
        example = ' Example: {"name": "John Doe"}' if refused.line is not None else ""
        raise InvalidInput(
            [FieldError(refused.where, f"{refused.reason}{source}.{example}")]
        ) from None


def parse_assignments(pairs: Iterable[str], *, option: str = "--set") -> dict[str, str]:
    """`FIELD=VALUE` strings to a dict; the value may itself contain '='."""
    values: dict[str, str] = {}
    errors: list[FieldError] = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip(" "):
            errors.append(
                FieldError(pair, f"{option} takes FIELD=VALUE, e.g. {option} target=DEAL_57")
            )
            continue
        problem = control_problem(name)
        if problem:
            errors.append(FieldError(name, f"the name before '=' {problem}"))
            continue
        values[name.strip(" ")] = value
    if errors:
        raise InvalidInput(errors)
    return values


def validate_values(call: CallSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """Check every field against its declaration; return the values typed for JSON.

    Unknown names, missing required fields and broken rules are all reported together.
    """
    errors: list[FieldError] = []
    for name in values:
        if call.field(name) is None:
            hint = _suggest(name, call.field_names)
            known = ", ".join(call.field_names) or "none"
            errors.append(
                FieldError(name, f"{call.id} has no field {name!r}.{hint} Its fields: {known}.")
            )
    typed: dict[str, Any] = {}
    for spec in call.fields:
        raw = values.get(spec.name)
        problem = check_field(spec, raw)
        if problem:
            errors.append(FieldError(spec.name, problem))
            continue
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            continue  # optional and empty: not sent
        typed[spec.name] = typed_value(spec, raw)
    if errors:
        raise InvalidInput(errors)
    return typed


def validate_call(
    call: CallSpec, profile: Profile | None, values: Mapping[str, Any], payload: Any
) -> dict[str, Any]:
    """All checks for one call; raises InvalidInput with every problem found."""
    errors: list[FieldError] = []
    if profile is not None:
        auth_error = check_auth(call, profile)
        if auth_error:
            errors.append(auth_error)
        errors.extend(
            FieldError(key, f"in profile {profile.name!r} {reason}. Edit the profile to fix it.")
            for key, reason in settings_with_secrets(profile.settings)
        )
    typed: dict[str, Any] = {}
    try:
        typed = validate_values(call, values)
    except InvalidInput as invalid:
        errors.extend(invalid.errors)
    errors.extend(check_payload(call, payload))
    if errors:
        raise InvalidInput(errors)
    return typed
