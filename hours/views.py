"""``/openingsuren.json``: the open-now status, for the badge's refresh and for others."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from . import selectors
from .display import status_payload

# A cache between the visitor and us may keep the answer this long at most,
# and never past the moment the status changes.
STATUS_MAX_AGE = 60


@require_GET
def opening_hours_json(request):
    """``/openingsuren.json``: open now or not, computed now, for the request's site."""
    now = timezone.now()
    status = selectors.status(selectors.schedule_for_request(request), now)
    response = JsonResponse(status_payload(status), json_dumps_params={"ensure_ascii": False})
    max_age = STATUS_MAX_AGE
    if status is not None and status.changes_at is not None:
        max_age = max(0, min(max_age, int((status.changes_at - now).total_seconds())))
    patch_cache_control(response, public=True, max_age=max_age)
    response["Access-Control-Allow-Origin"] = "*"
    return response
