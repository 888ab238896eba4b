"""WSGI entry point: `gunicorn service.wsgi:app`."""

from __future__ import annotations

from service.web.app import create_app

app = create_app()
