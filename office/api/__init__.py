"""/api/v1/ endpoints of the office features (imports, ledger, documents, search, similar
suggestions, two-tier dispatch), over the same functions and services as the /office/ pages."""
