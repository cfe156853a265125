"""The health check for load balancers and monitoring: is the app up, and can it reach its
database?"""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok", "database": "ok"} after a `SELECT 1`; 503 with "database": "fejl"
    when the database does not answer. No login, no cookies, never cached. The error itself
    goes to the log, not to the (public) response."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database, status = "ok", 200
    except DatabaseError:
        logger.exception("Helbredstjek: databasen svarer ikke")
        database, status = "fejl", 503
    response = JsonResponse({"status": "ok" if status == 200 else "fejl", "database": database},
                            status=status)
    response["Cache-Control"] = "no-store"
    return response
