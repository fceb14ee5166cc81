"""WSGI entry point: ``gunicorn wsgi:app``."""

from entraide.app import create_app

app = create_app()
