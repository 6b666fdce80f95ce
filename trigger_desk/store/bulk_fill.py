"""Filling one call per CSV row, checked by the call's own rules before anything is sent.

The rules (README "Bulk runs"): `--set` values and the payload are templates whose
`{{COLUMN}}` placeholders are filled from the row (the preset `{{variable}}` syntax:
the filling itself is `store.presets.fill`); a column named exactly like one of the
call's fields fills that field unless `--set` names it (the command line wins); for a
preset, a column fills the variable of its name and `--var` gives the value for rows
whose cell is empty; other columns are ignored.

A `target` holding an item's address (`https://PORTAL/crm/deal/details/57/`, copied from
the browser) becomes `DEAL_57` (`core.item_address`).

Wix ReportEvent items get an idempotency key per item (`RUN-ROW`) unless the row or
`--set` gives one, so that re-sending an item whose answer was lost is safe.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from trigger_desk.core.calls import CallSpec
from trigger_desk.core.item_address import ItemAddressError, parse_item_address
from trigger_desk.core.model import Profile
from trigger_desk.core.validation import FieldError, InvalidInput, validate_call
from trigger_desk.store.presets import Preset, fill, variables_in

IDEMPOTENT_CALL = "wix.report-event"
IDEMPOTENCY_FIELD = "idempotency.key"
IDEMPOTENCY_LIFETIME_S = 7 * 24 * 3600.0  # Wix keeps keys a week by default


def resume_key_lifetime(call_id: str) -> float | None:
    """How long an item's idempotency key lives (so resume may re-send it), if it has one."""
    return IDEMPOTENCY_LIFETIME_S if call_id == IDEMPOTENT_CALL else None


@dataclass(frozen=True)
class FilledItem:
    """One row, filled and checked: the values typed for JSON, and the payload."""

    row: int
    values: dict[str, Any]
    payload: Any


def idempotency_key(run_id: str, row: int) -> str:
    """The key a ReportEvent item carries when its row gives none."""
    return f"{run_id}-{row}"


class RowFiller:
    """Fills and checks the call for each row of one items file."""

    def __init__(
        self,
        call: CallSpec,
        profile: Profile | None,
        *,
        columns: Collection[str],
        templates: Mapping[str, Any],
        set_fields: Collection[str],
        payload: Any,
        defaults: Mapping[str, str],
        run_id: str,
    ) -> None:
        self.call = call
        self.profile = profile
        self.columns = tuple(columns)
        self.run_id = run_id
        self._defaults = dict(defaults)
        # The profile's checks (auth kind, settings) do not depend on the row: once one
        # row passed them, later rows skip them (thousands of rows, one profile).
        self._profile_passed = False
        self._templates = Preset(name="bulk", call=call.id, values=dict(templates), payload=payload)
        self._field_columns = tuple(
            name for name in call.field_names if name in self.columns and name not in set_fields
        )
        # Which columns feed each field, to name the column of a bad cell.
        self._feeds: dict[str, list[str]] = {name: [name] for name in self._field_columns}
        for name, value in templates.items():
            self._feeds.setdefault(name, []).extend(
                v for v in variables_in(value) if v in self.columns
            )
        if payload is not None:
            self._feeds["payload"] = [v for v in variables_in(payload) if v in self.columns]

    def problems(self) -> list[FieldError]:
        """Placeholders no column and no --var can fill (checked once, before any row)."""
        used = dict.fromkeys(variables_in(dict(self._templates.values)))
        if self._templates.payload is not None:
            used.update(dict.fromkeys(variables_in(self._templates.payload)))
        known = ", ".join(self.columns)
        return [
            FieldError(
                f"{{{{{name}}}}}",
                f"no column {name!r} in the items file (its columns: {known}) and no --var {name}=VALUE",
            )
            for name in used
            if name not in self.columns and name not in self._defaults
        ]

    @property
    def field_columns(self) -> tuple[str, ...]:
        """Columns that fill a field of the same name."""
        return self._field_columns

    def fill(self, row: int, cells: Mapping[str, str]) -> FilledItem:
        """The row's call, checked; InvalidInput names the row and the column."""
        variables = dict(self._defaults)
        for column, cell in cells.items():
            if cell != "" or column not in variables:
                variables[column] = cell
        try:
            values, payload = fill(self._templates, variables)
        except InvalidInput as invalid:
            raise self._at_row(row, invalid) from None
        for name in self._field_columns:
            if cells.get(name, "") != "":
                values[name] = cells[name]
        target = values.get("target")
        if isinstance(target, str) and "/crm/" in target:
            values = self._from_address(row, values, target)
        if self.call.id == IDEMPOTENT_CALL and not str(values.get(IDEMPOTENCY_FIELD) or "").strip():
            values[IDEMPOTENCY_FIELD] = idempotency_key(self.run_id, row)
        profile = None if self._profile_passed else self.profile
        try:
            typed = validate_call(self.call, profile, values, payload)
        except InvalidInput as invalid:
            raise self._at_row(row, invalid) from None
        self._profile_passed = True
        return FilledItem(row, typed, payload)

    def _from_address(self, row: int, values: dict[str, Any], text: str) -> dict[str, Any]:
        """An item's address in `target` (copied from the browser) becomes its fields."""
        try:
            address = parse_item_address(text)
        except ItemAddressError as error:
            raise self._at_row(row, InvalidInput([FieldError("target", str(error))])) from None
        if address is None:
            return values
        rest = {name: value for name, value in values.items() if name != "target"}
        return {**rest, **address.fields(self.call.field_names)}

    def cell_errors(self, invalid: InvalidInput) -> list[tuple[str | None, str]]:
        """(column, message) for each error `fill` raised: where the window marks it."""
        cells: list[tuple[str | None, str]] = []
        for error in invalid.errors:
            match = re.match(r"row \d+, column (.+)$", error.field)
            column = match.group(1).split(", ")[0] if match else None
            cells.append((column, error.message))
        return cells

    def _columns_of(self, field_name: str) -> list[str]:
        field = field_name.split(".", 1)[0] if field_name.startswith("payload") else field_name
        return self._feeds.get(field_name) or self._feeds.get(field) or []

    def _at_row(self, row: int, invalid: InvalidInput) -> InvalidInput:
        errors = []
        for error in invalid.errors:
            columns = self._columns_of(error.field)
            where = f"row {row}, column {', '.join(columns)}" if columns else f"row {row}"
            errors.append(FieldError(where, f"{error.field}: {error.message}"))
        return InvalidInput(errors)
