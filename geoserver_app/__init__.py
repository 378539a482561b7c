"""The Django project of the Pingding spatial governance server.

It owns the settings (read from the environment, see ``settings``), the URL map of the whole server,
the API root, ``/healthz``, request logging and the single place where errors become JSON answers.
It uses ``layers`` and ``tiles``; nothing imports it back.
"""
