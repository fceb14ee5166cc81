"""WSGI entry point: ``gunicorn wsgi:app`` (settings in ``gunicorn.conf.py``)."""

from entraide.app import create_app
from entraide.core.collector import freeze_startup_heap
from entraide.matching.warmup import import_heavy_modules
from entraide.reports.pdf import import_renderer

app = create_app()
import_heavy_modules()
import_renderer()
# Last: everything alive now lives as long as the server (entraide/core/collector.py).
freeze_startup_heap()
