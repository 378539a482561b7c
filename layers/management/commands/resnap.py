"""``manage.py resnap``: see :mod:`layers.locate.command`."""
from layers.locate.command import Command

__all__ = ["Command"]
