"""The window (PySide6), in packages by what a person works on.

- `shell`: the main window, its workbench, theme, icons, error log and app-level dialogs.
- `tab`: one platform's tab: the call form, its field editors, the request preview,
  the calls in flight and the result of the call just fired.
- `history`: the history table, its model, filters, details and actions.
- `presets`: the presets panel, its model, dialogs and the folder watcher.
- `widgets`: small widgets and helpers shared by the others.

What is not Qt (the services the window works with, the engine's thread) lives in
`trigger_desk.services`.
"""
