"""The benchmark: `python -m bench` (or `make bench`). Not part of the product package."""
