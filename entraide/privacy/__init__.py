"""Personal data: export and erasure of one person (GDPR articles 15, 17 and 20)."""
