"""WSGI entry point (``uwsgi --ini deploy/uwsgi.ini``: module ``geoserver_app.wsgi:application``).

Django behind :class:`tiles.front.TileFront`, which answers vector tiles without the Django request cycle and hands
every other request to Django. The HTTP framing (chunked answers, HEAD without a body, chunked request bodies,
``Connection: close``) is the nginx front's (``deploy/nginx.conf.in``).
"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "geoserver_app.settings")

django_application = get_wsgi_application()

from tiles.front import TileFront  # noqa: E402  (after the apps are loaded by get_wsgi_application)

application = TileFront(django_application)
