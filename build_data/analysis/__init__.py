"""Statistics and sentences: pure functions over the tidy tables."""
