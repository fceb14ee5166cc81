"""Help requests ("appel à l'entraide"): an urgent call, the best-placed SCICs notified."""
