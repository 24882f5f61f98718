"""Server-rendered workspaces, one module per area; thin views that call one service each."""
