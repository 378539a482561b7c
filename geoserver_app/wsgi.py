"""WSGI entry point (gunicorn geoserver_app.wsgi:application)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoserver_app.settings")

application = get_wsgi_application()
