"""WSGI entry point: ``gunicorn wsgi:app`` (settings in ``gunicorn.conf.py``)."""

from entraide.app import create_app
from entraide.matching.warmup import import_heavy_modules
from entraide.reports.pdf import import_renderer

app = create_app()
import_heavy_modules()
import_renderer()
