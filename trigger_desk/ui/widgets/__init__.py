"""Small widgets and helpers shared by the tab, history, presets and the shell."""
