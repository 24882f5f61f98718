"""/api/v1/users/: accounts. Staff may read them; only the system administrator or a superuser
creates or changes accounts (三员分立). Passwords pass Django's validators."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from suggestions import permissions as perms
from suggestions import services
from suggestions.models import Deputy, Role, Unit, User


class AccountPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return perms.can_view_accounts(request.user)
        return perms.can_manage_accounts(request.user)


class UserSerializer(serializers.ModelSerializer):
    """The fields' formats; the account rules (roles, links, password) are the service's."""

    password = serializers.CharField(
        write_only=True,
        required=False,
        max_length=128,
        style={"input_type": "password"},
        help_text="Required when creating; checked by the password rules.",
    )
    # Every role is shown; only business roles may be given (services.account_create).
    role = serializers.ChoiceField(choices=Role.choices, allow_blank=True)
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), allow_null=True, required=False
    )
    deputy = serializers.PrimaryKeyRelatedField(
        queryset=Deputy.objects.filter(is_active=True), allow_null=True, required=False
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "password",
            "full_name",
            "email",
            "role",
            "unit",
            "deputy",
            "is_active",
        ]


@extend_schema_view(
    list=extend_schema(summary="List accounts (staff, system administrator)"),
    retrieve=extend_schema(summary="One account"),
    create=extend_schema(summary="Create an account (system administrator, superuser)"),
    update=extend_schema(summary="Change an account (system administrator, superuser)"),
    partial_update=extend_schema(summary="Change fields of an account"),
)
class UserViewSet(viewsets.ModelViewSet):
    serializer_class = UserSerializer
    permission_classes = [AccountPermission]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    lookup_value_regex = r"[0-9]{1,18}"
    filterset_fields = ["role", "unit", "is_active"]

    def get_queryset(self):
        return perms.visible_accounts(self.request.user).order_by("username")

    def perform_create(self, serializer):
        serializer.instance = services.account_create(
            user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.account_update(
            user=self.request.user, account=serializer.instance, **serializer.validated_data
        )
