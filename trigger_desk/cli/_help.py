"""Help text read from the declarations: auth schemes and calls are data, so `--help`
says what each needs instead of leaving users to learn it from error messages."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence
from typing import Any

from trigger_desk.core.calls import CALLS
from trigger_desk.core.calls.spec import CallSpec, FieldSpec, FieldType
from trigger_desk.core.model import AUTH_SCHEMES, AuthScheme

WIDTH = 88


def wrap(text: str, indent: str = "") -> str:
    """`text` filled to the help width (RawDescriptionHelpFormatter keeps it as is)."""
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _names(keys: Sequence[str], required: Sequence[str], defaults: Any) -> str:
    parts = []
    for key in keys:
        notes = []
        if key in required:
            notes.append("required")
        if key in defaults:
            notes.append(f"default {defaults[key]}")
        parts.append(f"{key} ({', '.join(notes)})" if notes else key)
    return ", ".join(parts) if parts else "none"


def _scheme_lines(scheme: AuthScheme) -> list[str]:
    head = f"--platform {scheme.platform.value} --auth {scheme.kind.value} ({scheme.kind.label})"
    settings = _names(scheme.settings, scheme.required_settings, scheme.defaults)
    secrets = _names(scheme.secrets, scheme.required_secrets, {})
    return [
        head,
        wrap(f"settings (--set KEY=VALUE): {settings}", "  "),
        wrap(f"secrets (KEY=VALUE lines on stdin, or prompted): {secrets}", "  "),
    ]


def auth_schemes_epilog() -> str:
    """`profiles add --help`: each platform/auth pair with its settings and secrets."""
    lines = ["Auth kinds, their settings and their secrets:", ""]
    for scheme in AUTH_SCHEMES.values():
        lines += [*_scheme_lines(scheme), ""]
    lines.append(
        "Example: printf 'webhook_url=https://PORTAL/rest/1/SECRET/\\n' | "
        "trigger-desk profiles add main --platform bitrix24 --auth webhook"
    )
    return "\n".join(lines)


def calls_epilog() -> str:
    """`fire --help`: every call id with its title; where to read a call's fields."""
    width = max(len(call_id) for call_id in CALLS)
    lines = ["Calls:"]
    lines += [f"  {call.id.ljust(width)}  {call.title}" for call in CALLS.values()]
    lines += ["", "`trigger-desk fire CALL_ID --help` lists a call's fields and their rules."]
    return "\n".join(lines)


def _field_lines(spec: FieldSpec) -> list[str]:
    marks = ["required" if spec.required else "optional"]
    if spec.type is FieldType.INTEGER:
        marks.append("integer")
    lines = [f"  {spec.name} ({', '.join(marks)}): {spec.label}"]
    if spec.help:
        lines.append(wrap(spec.help, "      "))
    if spec.rule is not None:
        lines.append(wrap(f"rule: {spec.rule.description}", "      "))
    if spec.choices:
        values = ", ".join(
            # "Deal (DEAL)" names its value already; "2" needs its label beside it.
            choice.label if f"({choice.value}" in choice.label else f"{choice.value} {choice.label}"
            for choice in spec.choices
        )
        more = " (others allowed)" if spec.open_choices else ""
        # A target's choices are its type name, the part before the underscore.
        what = "type names" if spec.widget == "target" else "values"
        lines.append(wrap(f"{what}: {values}{more}", "      "))
    if spec.example:
        lines.append(f"      e.g. --set {spec.name}={spec.example}")
    return lines


def call_help(call: CallSpec) -> str:
    """A call's fields with required marks, rules and values, from its declaration."""
    kinds = ", ".join(sorted(kind.value for kind in call.auth_kinds))
    lines = [
        f"{call.id}: {call.title} ({call.platform.label})",
        wrap(call.summary),
        "",
        f"usage: trigger-desk fire {call.id} --profile NAME [--set FIELD=VALUE ...]"
        + (" [--payload JSON|@FILE]" if call.payload is not None else ""),
        f"profiles with --auth: {kinds}",
    ]
    if call.help:
        lines += ["", wrap(call.help)]
    lines += ["", "Fields (--set FIELD=VALUE):" if call.fields else "Fields: none"]
    for spec in call.fields:
        lines += _field_lines(spec)
    if call.payload is not None:
        need = "required" if call.payload.required else "optional"
        lines += ["", f"Payload (--payload JSON|@FILE, {need}):", wrap(call.payload.help, "  ")]
    if call.success_note:
        lines += ["", wrap(call.success_note)]
    if call.doc_url:
        lines += ["", f"Reference: {call.doc_url}"]
    return "\n".join(lines)


class FireHelp(argparse.Action):
    """-h/--help for `fire`: after a CALL_ID, that call's fields; else the usual help."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest=argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        call = CALLS.get(str(getattr(namespace, "call_id", None)))
        if call is not None:
            sys.stdout.write(call_help(call) + "\n")
        else:
            parser.print_help()
        parser.exit()
