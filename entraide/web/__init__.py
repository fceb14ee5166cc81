"""What every page shares: access rules, error pages, form pieces, headers, rate limits, filters."""
