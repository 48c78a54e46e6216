"""Performance measurements: `make bench` prints the table (never part of `make test`)."""
