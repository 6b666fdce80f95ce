"""Presets: the panel, its model, the save and variables dialogs, the folder watcher."""
