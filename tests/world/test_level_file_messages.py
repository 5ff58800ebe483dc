"""Level files: the exact message a person reads for each mistake in a level file."""
