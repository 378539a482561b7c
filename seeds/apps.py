from django.apps import AppConfig


class SeedsConfig(AppConfig):
    name = "seeds"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (declares the job kind ``seed``)
