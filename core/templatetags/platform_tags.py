"""``{% page_includes "head" %}``: what the apps put in an area of every site page
(``core.hooks.REGISTER_PAGE_INCLUDES``), so the base template names no app."""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from core import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def page_includes(context, area: str):
    flat = context.flatten()
    request = context.get("request")
    parts = [get_template(name).render(flat, request) for name in hooks.page_includes(area)]
    return mark_safe("".join(parts))  # noqa: S308 - rendered templates, escaped by themselves
