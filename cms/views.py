"""Pages of a site that are not Wagtail pages: robots.txt, search, the week flyer.

Each reads through selectors and only ever sees the current tenant's schema.
"""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Site

from core.tenancy import on_network_site

from .selectors import search as search_selectors
from .selectors import week

RESULTS_PER_PAGE = 10


def _site(request) -> Site:
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return site


@require_safe
def robots_txt(request):
    """Crawlers may read the whole site except the admin and search results, and are
    pointed to the sitemap on the site's primary domain."""
    site = _site(request)
    lines = ["User-agent: *", "Allow: /", "Disallow: /admin/"]
    if not on_network_site():  # the network site has no search
        lines.append(f"Disallow: {reverse('site_search')}")
    lines += ["", f"Sitemap: {site.root_url}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# Results answer any query a visitor types: caching them would only fill the cache.
@never_cache
@require_safe
def search(request):
    site = _site(request)
    query = " ".join(request.GET.get("q", "").split())[:200]
    results_page = None
    if query:
        paginator = Paginator(
            search_selectors.site_search(site=site, query=query), RESULTS_PER_PAGE
        )
        results_page = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "cms/search.html",
        {
            "query": query,
            "results_page": results_page,
            "page_title": _("Search results for “%(query)s”") % {"query": query}
            if query
            else _("Search"),
        },
    )


def _requested_week(value: str | None) -> dt.date:
    """The Monday of the week asked for (``?week=YYYY-MM-DD``, any day of it), or of
    this week when nothing or nothing sensible is asked."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return week.current_week_start()
    if abs(day - week.current_week_start()) > dt.timedelta(days=366):
        return week.current_week_start()
    return week.week_bounds(day)[0]


@require_safe
def week_flyer(request):
    """This week on one A4 page, to print and hang up for residents who are not online."""
    site = _site(request)
    start = _requested_week(request.GET.get("week"))
    end = start + dt.timedelta(days=6)
    url = reverse("week_flyer")
    return TemplateResponse(
        request,
        "cms/week_flyer.html",
        {
            "week_start": start,
            "week_end": end,
            "is_this_week": start == week.current_week_start(),
            "opening_hours": week.week_opening_hours(site=site, start=start),
            "events": week.week_events(site=site, start=start, end=end),
            "news": week.recent_news(site=site, limit=3),
            "previous_week_url": f"{url}?week={(start - dt.timedelta(days=7)).isoformat()}",
            "next_week_url": f"{url}?week={(start + dt.timedelta(days=7)).isoformat()}",
            "site_root_url": site.root_url,
            "page_title": _("This week"),
        },
    )
