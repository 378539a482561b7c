from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "layers.imports"
    label = "imports"
    verbose_name = "Imports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (declares the job kind ``import``)
