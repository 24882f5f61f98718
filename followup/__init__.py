"""Follow-through after the reply: promises kept, key supervision, satisfaction that is the
deputy's own (meeting disputes, rating audit, independent survey), and rounds in statistics."""
