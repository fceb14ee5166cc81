"""The audit log browser: read-only, for the coordinator."""
