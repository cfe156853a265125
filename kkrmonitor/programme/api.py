"""Read endpoints for this app under /api/ (assembled in kkrmonitor/api.py)."""

from ninja import Router

router = Router()
