"""The office's tools: Excel import and export, printed documents, Chinese search, similar
suggestions and routing help. Reads through `suggestions.permissions`, writes through services."""
