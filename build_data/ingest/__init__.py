"""Reading and checking the published tables: raw files in, tidy tables out."""
