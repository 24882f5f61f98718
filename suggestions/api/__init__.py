"""The REST API (/api/v1/): serializers, views and errors over the services and permissions."""
