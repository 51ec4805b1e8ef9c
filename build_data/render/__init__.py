"""Charts, pages, downloads and social cards: statistics in, Markdown and files out."""
