"""Look things up on the portal from the window: "Find…", the CODE picker, "From the portal…"."""
