"""/api/v1/users/: accounts. Staff may read them; only the system administrator or a superuser
creates or changes accounts (三员分立). Passwords pass Django's validators."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from suggestions import permissions as perms
from suggestions.models import Deputy, Role, Unit, User

# Roles that may be given through the API; administrator roles are set up by a superuser.
API_ROLES = [Role.DEPUTY, Role.UNIT_HANDLER, Role.UNIT_HEAD, Role.STAFF, Role.LEADER]


class AccountPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return perms.can_view_accounts(request.user)
        return perms.can_manage_accounts(request.user)


class UserSerializer(serializers.ModelSerializer):
    password = serializers.CharField(
        write_only=True,
        required=False,
        max_length=128,
        style={"input_type": "password"},
        help_text="Required when creating; checked by the password rules.",
    )
    # Every role is shown; only API_ROLES may be given (see validate_role).
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

    def validate_role(self, value):
        if value not in API_ROLES:
            raise serializers.ValidationError(
                _("Choose deputy, unit handler, unit head, committee staff or committee leader.")
            )
        return value

    def validate(self, attrs):
        role = attrs.get("role", getattr(self.instance, "role", ""))
        unit = attrs.get("unit", getattr(self.instance, "unit", None))
        deputy = attrs.get("deputy", getattr(self.instance, "deputy", None))
        errors = {}
        if role in (Role.UNIT_HANDLER, Role.UNIT_HEAD) and unit is None:
            errors["unit"] = [_("A unit account needs its unit.")]
        if role == Role.DEPUTY and deputy is None:
            errors["deputy"] = [_("A deputy account needs its deputy.")]
        if (
            deputy is not None
            and User.objects.filter(deputy=deputy)
            .exclude(pk=getattr(self.instance, "pk", None))
            .exists()
        ):
            errors["deputy"] = [_("This deputy already has an account.")]
        if self.instance is None and not attrs.get("password"):
            errors["password"] = [_("Please set a password.")]
        if attrs.get("password"):
            candidate = self.instance or User(
                username=attrs.get("username", ""),
                full_name=attrs.get("full_name", ""),
                email=attrs.get("email", ""),
            )
            try:
                validate_password(attrs["password"], candidate)
            except DjangoValidationError as exc:
                errors["password"] = list(exc.messages)
        if errors:
            raise serializers.ValidationError(errors)
        # A role change drops links that no longer fit it.
        if role not in (Role.UNIT_HANDLER, Role.UNIT_HEAD):
            attrs["unit"] = None
        if role != Role.DEPUTY:
            attrs["deputy"] = None
        return attrs

    def create(self, validated):
        password = validated.pop("password")
        user = User(**validated)
        user.set_password(password)
        user.save()
        return user

    def update(self, instance, validated):
        password = validated.pop("password", None)
        for key, value in validated.items():
            setattr(instance, key, value)
        if password:
            instance.set_password(password)
        instance.save()
        return instance


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
        qs = User.objects.order_by("username")
        if not self.request.user.is_superuser:
            # Administrator accounts are managed by superusers only.
            qs = qs.filter(is_superuser=False)
        return qs
