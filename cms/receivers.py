"""Receivers of the website app, connected in CmsConfig.ready()."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_tenants.utils import schema_context
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .page_cache import purge_current_tenant
from .selectors import forget_schedule

# Models whose change can show on a public page: pages, settings, snippets of
# these apps, and Wagtail's sites and images.
PURGING_APPS = frozenset({"cms", "themes", "wagtailcore", "wagtailimages", "wagtaildocs"})
NOT_PURGING = frozenset(
    {
        "wagtailcore.revision",
        "wagtailcore.pagelogentry",
        "wagtailcore.modellogentry",
        "wagtailcore.pagesubscription",
        "wagtailcore.referenceindex",
        "wagtailcore.pageviewrestriction",
        "wagtailcore.taskstate",
        "wagtailcore.workflowstate",
        "wagtailcore.uploadedfile",
        "wagtailcore.comment",
        "wagtailcore.commentreply",
    }
)


@receiver([page_published, page_unpublished, page_slug_changed, post_page_move])
def purge_on_page_change(sender, **kwargs):
    purge_current_tenant()


@receiver([post_save, post_delete])
def purge_on_content_change(sender, **kwargs):
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in PURGING_APPS:
        return
    if meta.label_lower in NOT_PURGING:
        return
    purge_current_tenant()


def forget_cached_schedule(sender, *, site, schema_name: str, **kwargs) -> None:
    """``opening_hours_changed``: drop the cached schedule and the cached pages once
    more after commit, in case a request cached the old hours between the save and
    the commit."""
    with schema_context(schema_name):
        forget_schedule(site.pk)
        purge_current_tenant()
