"""The window's bulk runs: "Fire for many…" (check, plan, confirm, progress, results)
and the offer to resume a run left unfinished. Every rule is read from core/store
through `services.bulk_session`; these modules only show and ask."""
