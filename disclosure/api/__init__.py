"""The disclosure API: statistics and exports, publication, awards, the deputy archive and the
public site (no login). One module per concept; routes in `disclosure.api_urls`."""
