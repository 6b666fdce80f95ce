"""`trigger-desk bulk run`: everything checked before a single item is sent.

One streaming pass over the items file fills and checks every row by the call's rules
(and journals the good ones as it goes); any bad row makes the whole run bad input
(exit 2, naming row and column): the journalled part is dropped and nothing is sent.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trigger_desk.cli._common import PROG, CliError, Context
from trigger_desk.cli._fire import _known_profiles, _missing_profile, load_profile_secrets
from trigger_desk.core.bulk_csv import CsvItems, ItemsFileError
from trigger_desk.core.bulk_types import BATCH_SIZE, requests_for
from trigger_desk.core.calls import CALLS, CallSpec
from trigger_desk.core.model import Platform, Profile
from trigger_desk.core.rate_limit import (
    RateLimit,
    RateLimitError,
    limiter_key,
    profile_rate_limit,
)
from trigger_desk.core.validation import (
    FieldError,
    InvalidInput,
    parse_assignments,
    parse_payload,
    require_call,
)
from trigger_desk.store.bulk_fill import FilledItem, RowFiller
from trigger_desk.store.paths import presets_dir
from trigger_desk.store.presets import PresetError, PresetStore
from trigger_desk.store.profile_rules import ProfileError
from trigger_desk.store.profiles import ProfileStore

MAX_BAD_ROWS = 10  # reported at once; the rest are counted


@dataclass
class BulkPlan:
    """A run ready to journal: call, profile, secrets, the filler and the counts."""

    call: CallSpec
    profile: Profile
    secrets: dict[str, str]
    items: CsvItems
    filler: RowFiller
    limit: RateLimit
    limiter_key: str
    count: int = 0
    first: list[FilledItem] = field(default_factory=list)  # the first request's items
    bad: list[FieldError] = field(default_factory=list)
    bad_rows: int = 0

    @property
    def requests(self) -> int:
        return requests_for(self.call.platform, self.count)

    def checked_items(self) -> Iterator[FilledItem]:
        """Every good row, filled and checked, streamed (the one pass over the file).

        Bad rows are collected in `bad` (the first few) and `bad_rows` (all); call
        `raise_if_bad()` once the iterator is exhausted.
        """
        first_size = BATCH_SIZE if self.call.platform is Platform.BITRIX24 else 1
        try:
            for row, cells in self.items.rows():
                try:
                    item = self.filler.fill(row, cells)
                except InvalidInput as invalid:
                    self.bad_rows += 1
                    if self.bad_rows <= MAX_BAD_ROWS:
                        self.bad.extend(invalid.errors)
                    continue
                self.count += 1
                if len(self.first) < first_size:
                    self.first.append(item)
                yield item
        except ItemsFileError as error:
            self.bad.append(FieldError("--items", str(error)))
            self.bad_rows += 1

    def raise_if_bad(self) -> None:
        bad = list(self.bad)
        if self.bad_rows > MAX_BAD_ROWS:
            bad.append(
                FieldError(
                    "--items",
                    f"{self.bad_rows} bad rows in all; the first {MAX_BAD_ROWS} are listed",
                )
            )
        if bad:
            raise InvalidInput(bad)
        if self.count == 0:
            raise InvalidInput(
                [FieldError("--items", f"{self.items.path} has a header but no items")]
            )


def _preset_parts(
    args: argparse.Namespace, errors: list[FieldError]
) -> tuple[CallSpec | None, dict[str, Any], Any, str | None]:
    presets = PresetStore(presets_dir())
    try:
        preset = presets.get(args.preset)
    except PresetError as error:
        raise InvalidInput([FieldError(args.preset, str(error))]) from None
    call: CallSpec | None = None
    try:
        call = require_call(preset.call)
    except InvalidInput as invalid:
        errors.extend(invalid.errors)
    return call, dict(preset.values), preset.payload, preset.profile


def plan_bulk(args: argparse.Namespace, ctx: Context, run_id: str) -> BulkPlan:
    """Resolve and check everything; fill and check every row (InvalidInput if any is bad)."""
    errors: list[FieldError] = []
    if (args.preset is None) == (args.call_id is None):
        raise InvalidInput(
            [
                FieldError(
                    "CALL_ID",
                    f"give a call id or --preset NAME (one of them). Known calls: {', '.join(CALLS)}.",
                )
            ]
        )
    if args.variables and args.preset is None:
        errors.append(
            FieldError("--var", "fills a preset's {{variables}}: use it with --preset NAME")
        )
    try:
        sets = parse_assignments(args.set_values)
    except InvalidInput as invalid:
        errors.extend(invalid.errors)
        sets = {}
    try:
        defaults = parse_assignments(args.variables, option="--var")
    except InvalidInput as invalid:
        errors.extend(invalid.errors)
        defaults = {}
    payload: Any = None
    if args.payload is not None:
        try:
            payload = parse_payload(args.payload)
        except InvalidInput as invalid:
            errors.extend(invalid.errors)

    profile_name: str | None = args.profile
    templates: dict[str, Any] = {}
    if args.preset is not None:
        call, templates, preset_payload, preset_profile = _preset_parts(args, errors)
        payload = payload if args.payload is not None else preset_payload
        profile_name = profile_name or preset_profile
    else:
        call = None
        try:
            call = require_call(args.call_id)
        except InvalidInput as invalid:
            errors.extend(invalid.errors)
    templates.update(sets)
    if profile_name is None:
        errors.append(
            FieldError(
                "--profile",
                f"is required: which profile to fire with. Known profiles: {_known_profiles(ProfileStore())}.",
            )
        )

    profile: Profile | None = None
    if profile_name is not None:
        store = ProfileStore()
        try:
            profile = store.get(profile_name)
        except ProfileError as error:
            raise CliError(f"cannot read the profiles: {error}") from None
        if profile is None:
            errors.append(_missing_profile(profile_name, store, "unknown profile"))
    limit: RateLimit | None = None
    if profile is not None:
        try:
            limit = profile_rate_limit(profile)
        except RateLimitError as error:
            errors.append(
                FieldError(
                    "rate_limit",
                    f"{error} (profile {profile.name!r}; change it with `{PROG} profiles add {profile.name} ... --set rate_limit=... --replace`)",
                )
            )
    try:
        items = CsvItems(Path(args.items).expanduser())
    except ItemsFileError as error:
        raise InvalidInput([*errors, FieldError("--items", str(error))]) from None
    if errors or call is None or profile is None or limit is None:
        raise InvalidInput(errors)

    filler = RowFiller(
        call,
        profile,
        columns=items.columns,
        templates=templates,
        set_fields=set(sets),
        payload=payload,
        defaults=defaults,
        run_id=run_id,
    )
    problems = filler.problems()
    if problems:
        raise InvalidInput(problems)
    plan = BulkPlan(call, profile, {}, items, filler, limit, "")
    plan.secrets = load_profile_secrets(ctx, profile)
    plan.limiter_key = limiter_key(profile, plan.secrets)
    return plan
