"""The public, read-only JSON API (v1)."""
