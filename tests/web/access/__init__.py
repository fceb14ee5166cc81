"""The authorisation matrix: every route of every blueprint, called by each role."""
