"""gunicorn reads ./gunicorn.conf.py by default; the settings live in the package."""

from service.gunicorn_settings import *  # noqa: F403
