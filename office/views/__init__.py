"""Office pages: thin views over the office modules; each checks the role through
`suggestions.permissions` and renders a template extending base.html."""
