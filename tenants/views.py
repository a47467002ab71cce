"""Views that every host answers: media of the current tenant only."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse
from django.utils._os import safe_join


def serve_media(request, schema: str, path: str):
    """Serve ``/media/<schema>/<path>`` only on the host of that schema.

    A file uploaded in one buurtpunt is not reachable on another's host, even
    by its exact URL. In production the reverse proxy sends the bytes
    (X-Accel-Redirect) after this check.
    """
    if schema != connection.schema_name:
        raise Http404
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, schema, path))
    except Exception as exc:  # SuspiciousFileOperation: path escapes the tenant's folder
        raise Http404 from exc
    if not full_path.is_file():
        raise Http404
    prefix = settings.MEDIA_ACCEL_REDIRECT_PREFIX
    if prefix:
        response = HttpResponse()
        response["Content-Type"] = (
            mimetypes.guess_type(full_path.name)[0] or "application/octet-stream"
        )
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{schema}/{path}"
        return response
    return FileResponse(full_path.open("rb"))
