"""`{% personal deputy "phone" %}`: a personal value, masked unless the viewer may see it."""

from django import template

from security.masking import PERSONAL_FIELDS, masked

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, deputy, field: str) -> str:
    if field not in PERSONAL_FIELDS:
        raise template.TemplateSyntaxError(f"unknown personal field {field!r}")
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return masked(user, deputy, field)
