"""Add or edit a connection profile: settings in plain inputs, secrets in password
inputs that go to the OS keyring (off the event loop), never to a file."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from trigger_desk.core.i18n import QT_TRANSLATE_NOOP
from trigger_desk.core.model import AUTH_SCHEMES, AuthKind, AuthScheme, Platform, Profile
from trigger_desk.core.webhook_url import parse_webhook_url
from trigger_desk.ui.shell.icons import icon
from trigger_desk.ui.shell.theme import Tone
from trigger_desk.ui.widgets.core_text import tr_core
from trigger_desk.ui.widgets.field_message import FieldMessage

if TYPE_CHECKING:
    from trigger_desk.services.facade import Services

# Plain words for the settings and secrets the schemes name.
_LABELS = {
    "portal": QT_TRANSLATE_NOOP("ProfileDialog", "Portal address"),
    "user_id": QT_TRANSLATE_NOOP("ProfileDialog", "User id"),
    "client_id": QT_TRANSLATE_NOOP("ProfileDialog", "Client id"),
    "oauth_server": QT_TRANSLATE_NOOP("ProfileDialog", "OAuth server"),
    "site_id": QT_TRANSLATE_NOOP("ProfileDialog", "Site id"),
    "api_base": QT_TRANSLATE_NOOP("ProfileDialog", "API base address"),
    "app_id": QT_TRANSLATE_NOOP("ProfileDialog", "App id"),
    "instance_id": QT_TRANSLATE_NOOP("ProfileDialog", "Instance id"),
    "webhook_url": QT_TRANSLATE_NOOP("ProfileDialog", "Webhook URL"),
    "client_secret": QT_TRANSLATE_NOOP("ProfileDialog", "Client secret"),
    "access_token": QT_TRANSLATE_NOOP("ProfileDialog", "Access token"),
    "refresh_token": QT_TRANSLATE_NOOP("ProfileDialog", "Refresh token"),
    "api_key": QT_TRANSLATE_NOOP("ProfileDialog", "API key"),
    "app_secret": QT_TRANSLATE_NOOP("ProfileDialog", "App secret"),
}
_PLACEHOLDERS = {
    "portal": "https://your-portal.bitrix24.com",
    "webhook_url": "https://your-portal.bitrix24.com/rest/1/abc123xyz/",
    "site_id": "5a8f3c1e-2b7d-4e9a-9c0f-1d2e3f4a5b6c",
}


class ProfileDialog(QDialog):
    """The platform is fixed by the tab; the auth kind picks which inputs appear.

    `saved(profile, form_values)` is emitted after the keyring and the profiles file
    both took the change; `form_values` holds `target`/`code` from a pasted trigger URL
    when the user asked to put them into the form.
    """

    saved = Signal(object, object)

    def __init__(
        self,
        services: Services,
        platform: Platform,
        profile: Profile | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._services = services
        self._platform = platform
        self._editing = profile
        self._task: asyncio.Task[Any] | None = None
        self._settings: dict[str, QLineEdit] = {}
        self._secrets: dict[str, QLineEdit] = {}
        self._messages: dict[str, FieldMessage] = {}
        title = self.tr("Edit {platform} profile") if profile else self.tr("Add {platform} profile")
        self.setWindowTitle(title.format(platform=platform.label))
        self.setMinimumWidth(560)

        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.name = QLineEdit(self)
        self.name.setAccessibleName(self.tr("Profile name"))
        self.name.setPlaceholderText(self.tr("e.g. bitrix-prod or Wix shop"))
        name_label = QLabel(self.tr("&Name"), self)
        name_label.setBuddy(self.name)
        self._add_row(top, name_label, "name", self.name)
        self.auth = QComboBox(self)
        self.auth.setAccessibleName(self.tr("Auth kind"))
        for (scheme_platform, kind), _scheme in AUTH_SCHEMES.items():
            if scheme_platform is platform:
                self.auth.addItem(f"{tr_core(kind.label)} ({kind.value})", kind.value)
        auth_label = QLabel(self.tr("&Auth"), self)
        auth_label.setBuddy(self.auth)
        top.addRow(auth_label, self.auth)
        layout.addLayout(top)

        self.settings_box = QGroupBox(self.tr("Settings"), self)
        self.settings_form = QFormLayout(self.settings_box)
        layout.addWidget(self.settings_box)
        self.secrets_box = QGroupBox(
            self.tr("Secrets (kept in the system keyring, never in a file)"), self
        )
        self.secrets_form = QFormLayout(self.secrets_box)
        layout.addWidget(self.secrets_box)
        self.show_secrets = QCheckBox(self.tr("S&how secrets"), self)
        self.show_secrets.setAccessibleName(self.tr("Show secrets"))
        self.show_secrets.toggled.connect(self._toggle_echo)
        layout.addWidget(self.show_secrets)

        self.webhook_info = FieldMessage(self, tone=Tone.INFO)
        layout.addWidget(self.webhook_info)
        self.fill_form = QCheckBox(self.tr("Put the URL's &target and code into the form"), self)
        self.fill_form.setAccessibleName(self.tr("Put target and code into the form"))
        self.fill_form.setChecked(True)
        self.fill_form.hide()
        layout.addWidget(self.fill_form)
        self._trigger_values: dict[str, str] = {}

        self.banner = FieldMessage(self)
        self.banner.setObjectName("profile-dialog-error")
        layout.addWidget(self.banner)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setAccessibleName(self.tr("Save profile"))
        save.setIcon(icon("ok"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName(cancel.text().replace("&", ""))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.auth.currentIndexChanged.connect(self._build_scheme)
        if profile is not None:
            self.name.setText(profile.name)
            self.name.setReadOnly(True)
            self.auth.setCurrentIndex(max(0, self.auth.findData(profile.auth.value)))
        self._build_scheme()
        if profile is not None:
            for key, value in profile.settings.items():
                if key in self._settings:
                    self._settings[key].setText(value)
            self._task = asyncio.ensure_future(self._load_secrets(profile))

    # --- building -------------------------------------------------------------------

    def scheme(self) -> AuthScheme:
        return AUTH_SCHEMES[(self._platform, AuthKind(self.auth.currentData()))]

    def _add_row(self, form: QFormLayout, label: str | QLabel, key: str, line: QWidget) -> None:
        """A row whose field cell holds the input and, under it, its message."""
        cell = QWidget(form.parentWidget())
        cell_layout = QVBoxLayout(cell)
        cell_layout.setContentsMargins(0, 0, 0, 0)
        cell_layout.setSpacing(2)
        line.setParent(cell)
        cell_layout.addWidget(line)
        message = FieldMessage(cell)
        cell_layout.addWidget(message)
        self._messages[key] = message
        form.addRow(label, cell)

    def _build_scheme(self, _index: int = 0) -> None:
        scheme = self.scheme()
        for form, inputs in (
            (self.settings_form, self._settings),
            (self.secrets_form, self._secrets),
        ):
            while form.rowCount():
                form.removeRow(0)
            inputs.clear()
        for key in [k for k in list(self._messages) if k != "name"]:
            self._messages.pop(key)
        derived = scheme.kind is AuthKind.WEBHOOK
        for key in scheme.settings:
            line = QLineEdit(self.settings_box)
            line.setAccessibleName(key)
            line.setPlaceholderText(scheme.defaults.get(key) or _PLACEHOLDERS.get(key, ""))
            if derived:
                line.setReadOnly(True)
                line.setPlaceholderText(self.tr("taken from the webhook URL"))
            required = " *" if key in scheme.required_settings else ""
            self._add_row(self.settings_form, f"{self._label(key)} ({key}){required}", key, line)
            self._settings[key] = line
        for key in scheme.secrets:
            line = QLineEdit(self.secrets_box)
            line.setAccessibleName(key)
            line.setEchoMode(
                QLineEdit.EchoMode.Normal
                if self.show_secrets.isChecked()
                else QLineEdit.EchoMode.Password
            )
            line.setPlaceholderText(_PLACEHOLDERS.get(key, ""))
            required = " *" if key in scheme.required_secrets else ""
            self._add_row(self.secrets_form, f"{self._label(key)} ({key}){required}", key, line)
            self._secrets[key] = line
        if "webhook_url" in self._secrets:
            self._secrets["webhook_url"].textChanged.connect(self._webhook_pasted)
        self.settings_box.setVisible(bool(scheme.settings))
        self.webhook_info.show_message(None)
        self.fill_form.hide()

    def _toggle_echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for line in self._secrets.values():
            line.setEchoMode(mode)

    # --- webhook URL ----------------------------------------------------------------

    def _webhook_pasted(self, text: str) -> None:
        self._trigger_values = {}
        self.fill_form.hide()
        if not text.strip():
            self.webhook_info.show_message(None)
            self._messages["webhook_url"].show_message(None)
            return
        try:
            webhook = parse_webhook_url(text)
        except ValueError as error:
            self.webhook_info.show_message(None)
            self._messages["webhook_url"].show_message(str(error))
            return
        self._messages["webhook_url"].show_message(None)
        for key, value in (("portal", webhook.portal), ("user_id", webhook.user_id)):
            if key in self._settings:
                self._settings[key].setText(value)
        found = {k: v for k, v in (("target", webhook.target), ("code", webhook.code)) if v}
        info = self.tr("Webhook of user {user} on {portal} ({url}).").format(
            user=webhook.user_id, portal=webhook.portal, url=webhook.masked_url
        )
        if found:
            self._trigger_values = found
            parts = ", ".join(f"{k} {v}" for k, v in found.items())
            info += " " + self.tr("This is a trigger URL: {parts}.").format(parts=parts)
            self.fill_form.show()
        self.webhook_info.show_message(info, Tone.INFO)

    def _label(self, key: str) -> str:
        return self.tr(_LABELS[key]) if key in _LABELS else key

    def trigger_values(self) -> dict[str, str]:
        """target/code from a pasted trigger URL, when the user wants them in the form."""
        return dict(self._trigger_values) if self.fill_form.isChecked() else {}

    # --- loading and saving ---------------------------------------------------------

    async def _load_secrets(self, profile: Profile) -> None:
        from trigger_desk.store.secrets import KeyringUnavailable

        self.secrets_box.setEnabled(False)
        try:
            secrets = await self._services.secrets_for(profile)
        except KeyringUnavailable as error:
            self.banner.show_message(str(error))
            return
        finally:
            self.secrets_box.setEnabled(True)
        for key, value in secrets.items():
            if key in self._secrets:
                self._secrets[key].setText(value)

    def values(self) -> tuple[Profile, dict[str, str]]:
        kind = AuthKind(self.auth.currentData())
        settings = {k: w.text().strip() for k, w in self._settings.items() if w.text().strip()}
        if kind is AuthKind.WEBHOOK:  # derived from the URL by the store
            settings = {}
        secrets = {k: w.text().strip() for k, w in self._secrets.items() if w.text().strip()}
        return Profile(self.name.text().strip(), self._platform, kind, settings), secrets

    def _save(self) -> None:
        if self._task is not None and not self._task.done():
            return
        from trigger_desk.store.profiles import ProfileError, check_profile

        for message in self._messages.values():
            message.show_message(None)
        self.banner.show_message(None)
        profile, secrets = self.values()
        try:
            check_profile(profile, secrets)
        except ProfileError as error:
            self._show_profile_error(error.field, str(error))
            return
        self._task = asyncio.ensure_future(self._store(profile, secrets))

    async def _store(self, profile: Profile, secrets: dict[str, str]) -> None:
        from trigger_desk.store.profiles import ProfileError
        from trigger_desk.store.secrets import KeyringUnavailable

        self.buttons.setEnabled(False)
        try:
            stored = await self._services.save_profile(
                profile, secrets, replace=self._editing is not None
            )
        except KeyringUnavailable as error:
            self.banner.show_message(self.tr("Nothing was saved.") + f" {error}")
            return
        except ProfileError as error:
            self._show_profile_error(error.field, str(error))
            return
        finally:
            self.buttons.setEnabled(True)
        self.saved.emit(stored, self.trigger_values())
        self.accept()

    def _show_profile_error(self, field: str, message: str) -> None:
        target = self._messages.get(field)
        if target is not None:
            target.show_message(message)
            widget = self._settings.get(field) or self._secrets.get(field)
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.banner.show_message(message)

    def done(self, result: int) -> None:
        task = self._task
        if task is not None and not task.done() and task is not asyncio.current_task():
            task.cancel()
        super().done(result)

    def error_text(self) -> str:
        """Every message shown in the dialog (for tests)."""
        texts = [self.banner.text()] + [m.text() for m in self._messages.values()]
        return "\n".join(text for text in texts if text)


__all__ = ["ProfileDialog"]
