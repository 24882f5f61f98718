"""Role-scoped reads and figures of the follow-through; aggregation happens in the database."""
