"""Views that every host answers: media of the current tenant only."""

import mimetypes
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join

from core.tenancy import current_schema

# Wagtail documents may sit in private collections: they are served only by
# Wagtail's /documents/ view, which checks the collection's privacy.
PRIVATE_PREFIXES = ("documents/",)


def serve_media(request, schema: str, path: str):
    """Serve ``/media/<schema>/<path>`` only on the host of that schema.

    A file uploaded in one buurtpunt is not reachable on another's host, even
    by its exact URL or a path that climbs out of the tenant's folder. In
    production the reverse proxy sends the bytes (X-Accel-Redirect) after this
    check.
    """
    if schema != current_schema() or path.startswith(PRIVATE_PREFIXES):
        raise Http404
    tenant_root = Path(settings.MEDIA_ROOT) / schema
    try:
        full_path = Path(safe_join(tenant_root, path))
    except SuspiciousFileOperation as exc:
        raise Http404 from exc
    if not full_path.is_file():
        raise Http404
    prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX
    if prefix:
        relative = full_path.relative_to(tenant_root).as_posix()
        response = HttpResponse()
        response["Content-Type"] = (
            mimetypes.guess_type(full_path.name)[0] or "application/octet-stream"
        )
        # nginx expects the internal URI percent-encoded (names may hold accents).
        response["X-Accel-Redirect"] = quote(f"{prefix.rstrip('/')}/{schema}/{relative}")
        return response
    return FileResponse(full_path.open("rb"))
