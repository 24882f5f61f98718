"""Directory endpoints: sessions, categories, deputy groups, units, deputies (kept by staff).

Everyone logged in may read them (deputies need ids to draft); only staff and superusers write.
Nothing is deleted here: rows are referenced by history, so units and deputies are deactivated.
"""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, viewsets

from suggestions import permissions as perms
from suggestions import selectors, services
from suggestions.models import Category, Deputy, DeputyGroup, Session, Unit
from suggestions.services.directory import directory_entry_errors


class DirectoryPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return bool(request.user and request.user.is_authenticated)
        return perms.can_manage_directory(request.user)


class SessionSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(min_value=1949, max_value=2200, required=False)
    deadlines = serializers.JSONField(
        required=False,
        help_text='Overrides of the default deadlines, e.g. {"reply": {"amount": 2, "unit": '
        '"months"}}; amounts 0 to 1000, units: workdays, days, months.',
    )

    class Meta:
        model = Session
        fields = ["id", "name", "year", "start_date", "end_date", "is_current", "deadlines"]

    def validate_deadlines(self, value):
        # The service refuses these too; asking here reports them with the other fields' errors.
        errors = directory_entry_errors(Session, {"deadlines": value})
        if errors:
            raise serializers.ValidationError(errors["deadlines"])
        return value

    def validate(self, attrs):
        errors = directory_entry_errors(Session, attrs, self.instance)
        if errors:
            raise serializers.ValidationError(errors)
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        if "year" not in attrs and self.instance is None and start:
            attrs["year"] = start.year
        return attrs


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "order"]


class DeputyGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeputyGroup
        fields = ["id", "name", "kind"]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "responsible_person", "is_active"]


class DeputySerializer(serializers.ModelSerializer):
    class Meta:
        model = Deputy
        fields = ["id", "name", "group", "pinyin", "initials", "is_active"]
        read_only_fields = ["pinyin", "initials"]


class DeputyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", max_length=50, help_text="Name, full pinyin or initials."
    )
    group = django_filters.ModelChoiceFilter(queryset=DeputyGroup.objects.all())

    class Meta:
        model = Deputy
        fields = ["q", "group", "is_active"]

    def filter_q(self, qs, name, value):
        # The same match as the web's co-signer search.
        return qs.filter(selectors.deputy_match(value))


def directory_schema(label: str):
    """Summaries only: error responses are added to every operation by `api.schema.ApiSchema`."""
    return extend_schema_view(
        list=extend_schema(summary=f"List {label}"),
        retrieve=extend_schema(summary=f"One of the {label}"),
        create=extend_schema(summary=f"Add to {label} (staff)"),
        update=extend_schema(summary=f"Change one of the {label} (staff)"),
        partial_update=extend_schema(summary=f"Change fields of one of the {label} (staff)"),
    )


class DirectoryViewSet(viewsets.ModelViewSet):
    """The serializers check the formats; the writes are `services.directory_entry_*`."""

    permission_classes = [DirectoryPermission]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    lookup_value_regex = r"[0-9]{1,18}"

    def perform_create(self, serializer):
        serializer.instance = services.directory_entry_create(
            user=self.request.user, model=self.queryset.model, values=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.directory_entry_update(
            user=self.request.user, entry=serializer.instance, values=serializer.validated_data
        )


@directory_schema("sessions")
class SessionViewSet(DirectoryViewSet):
    queryset = Session.objects.all()
    serializer_class = SessionSerializer


@directory_schema("categories")
class CategoryViewSet(DirectoryViewSet):
    queryset = Category.objects.all()
    serializer_class = CategorySerializer


@directory_schema("deputy groups")
class DeputyGroupViewSet(DirectoryViewSet):
    queryset = DeputyGroup.objects.all()
    serializer_class = DeputyGroupSerializer


@directory_schema("units")
class UnitViewSet(DirectoryViewSet):
    queryset = Unit.objects.all()
    serializer_class = UnitSerializer
    filterset_fields = ["is_active"]


@directory_schema("deputies")
class DeputyViewSet(DirectoryViewSet):
    queryset = Deputy.objects.all()
    serializer_class = DeputySerializer
    filterset_class = DeputyFilter
