"""Police drug seizures in England and Wales, force by force: import, statistics, pages."""
