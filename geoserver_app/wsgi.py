"""WSGI entry point (gunicorn geoserver_app.wsgi:application).

Django behind :class:`tiles.front.TileFront`, which answers cached vector tiles without the Django request cycle
and hands every other request to Django.
"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoserver_app.settings")

django_application = get_wsgi_application()

from tiles.front import TileFront  # noqa: E402  (needs the apps loaded by get_wsgi_application)

application = TileFront(django_application)
