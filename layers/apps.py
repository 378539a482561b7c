from django.apps import AppConfig


class LayersConfig(AppConfig):
    name = "layers"
    verbose_name = "Standard layers"

    def ready(self) -> None:
        from .exports import jobs as export_jobs  # noqa: F401  (declares the job kind ``export``)
        from .grids import changes
        from .locate import jobs  # noqa: F401  (declares the job kind ``resnap``)

        changes.connect()

    def layer_ids(self) -> tuple[str, ...]:
        """The ids of the registry's layers, in registry order: how apps below ``layers`` (accounts) learn them
        through Django's app registry, without importing upwards."""
        from .registry import LAYERS

        return tuple(layer.id for layer in LAYERS)
