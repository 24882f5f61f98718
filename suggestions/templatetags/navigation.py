"""The top bar's links: each one marks itself as the current page (aria-current) when the page
shown is the view it leads to."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_link(context, view_name: str, label, testid: str, *args) -> str:
    """`args` are the URL's arguments; the view name alone decides the mark, so every queue
    marks "Queues" although the link opens the review queue."""
    current = mark_safe(' aria-current="page"') if context.get("nav_current") == view_name else ""
    return format_html(
        '<a href="{}" data-testid="{}"{}>{}</a>',
        reverse(view_name, args=args),
        testid,
        current,
        label,
    )
