"""A client for /api/v1/ acting as one persona with a real token, in English unless asked."""

from __future__ import annotations

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


class Api:
    """Speaks to /api/v1/ as one user (or anonymously) and returns DRF test responses."""

    def __init__(self, user=None, lang: str = "en"):
        self.user = user
        self.client = APIClient(HTTP_ACCEPT_LANGUAGE=lang)
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            self.client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    @staticmethod
    def url(path: str) -> str:
        return path if path.startswith("/") else f"/api/v1/{path}"

    def get(self, path: str, **params):
        return self.client.get(self.url(path), params)

    def post(self, path: str, body=None):
        return self.client.post(self.url(path), body if body is not None else {}, format="json")

    def put(self, path: str, body):
        return self.client.put(self.url(path), body, format="json")

    def patch(self, path: str, body):
        return self.client.patch(self.url(path), body, format="json")

    def act(self, kind: str, pk: int, action: str, body=None):
        """POST an action on a suggestion (kind "suggestions") or an assignment."""
        return self.post(f"{kind}/{pk}/actions/{action}/", body)


def ok(response, status: int = 200):
    """Assert the status, showing the body when it differs; return the JSON."""
    assert response.status_code == status, (response.status_code, getattr(response, "data", None))
    return response.json() if response.content else None
