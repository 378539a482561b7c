from django.apps import AppConfig


class PatrolsConfig(AppConfig):
    name = "cases.patrols"
    label = "patrols"
    verbose_name = "Patrols (一日双巡)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import regrid

        regrid.connect()
