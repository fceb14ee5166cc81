"""The platform floor: database, configuration, mail, errors; no view, no feature."""
