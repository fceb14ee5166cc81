"""The register of the network's actions (the agreement's four axes) and their documents."""
