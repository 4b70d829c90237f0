"""Operations: backup and restore, the soak benchmark, and their command-line entries."""
