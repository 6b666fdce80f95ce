"""The shell: main window, workbench, theme, icons, error log, app-level dialogs."""
