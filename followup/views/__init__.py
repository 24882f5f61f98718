"""Server-rendered pages of the follow-through: thin views that fetch through a role-scoped
query, call one service, and redirect; a refused or invalid request re-renders the page with
the message and the matching HTTP status."""
