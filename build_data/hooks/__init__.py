"""MkDocs hooks: as thin as they can be; the work is done before MkDocs runs."""
