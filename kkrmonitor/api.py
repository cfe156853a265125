"""The public read API under /api/ (django-ninja), described by /api/openapi.json.

Each app keeps its endpoints in its own `api.py` router; this module only assembles them.
Every endpoint answers with what the caller may see — `kkrmonitor.access.Access`, the same rule
the pages use — so anonymous callers get published content only."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from kkrmonitor import paging
from kkrmonitor.indicators.api import router as indicators_router
from kkrmonitor.joint.api import router as joint_router
from kkrmonitor.meetings.api import router as meetings_router
from kkrmonitor.programme.api import router as programme_router
from kkrmonitor.registers.api import router as registers_router
from kkrmonitor.search.api import router as search_router

api = NinjaAPI(
    title="KKR Monitor",
    version="1",
    description="Åbne data fra KKR Monitor: arbejdsprogrammer, møder og beslutninger, "
                "fælles indsatser, indikatorer og registre. Kun offentliggjort indhold for "
                "anonyme kald.",
    urls_namespace="api",
)
api.add_router("/", programme_router, tags=["Arbejdsprogrammer"])
api.add_router("/", meetings_router, tags=["Møder"])
api.add_router("/", joint_router, tags=["Fælles indsatser"])
api.add_router("/", indicators_router, tags=["Indikatorer"])
api.add_router("/", registers_router, tags=["Registre"])
api.add_router("/", search_router, tags=["Søgning"])


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A `limit` or `offset` that is not a whole number is a 400 in Danish, as one out of range;
    any other invalid parameter keeps ninja's 422 with the details."""
    message = paging.paging_error(exc)
    if message is not None:
        return api.create_response(request, {"detail": message}, status=400)
    return api.create_response(request, {"detail": exc.errors}, status=422)
