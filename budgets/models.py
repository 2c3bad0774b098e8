"""Revenue, funding schemes, program funding and the planning calendar (not built yet)."""
