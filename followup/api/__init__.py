"""/api/v1/ endpoints of the follow-through (key supervision, satisfaction, survey, promise
extras), over the same `followup` services and selectors as the web pages."""
