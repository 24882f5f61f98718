"""Excel import of paper suggestions and of the directory: read, preview every row with its
problems, then save all or nothing through the services."""
