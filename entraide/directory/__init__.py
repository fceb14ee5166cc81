"""The public directory of the network: opted-in organisations, no personal data."""
