"""Territorial groups validated by the coordinator, their meetings, the network's history."""
