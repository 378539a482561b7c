from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"

    def ready(self) -> None:
        from . import conf

        conf.networks()  # a malformed PINGDING_METRICS_NETWORKS stops the start with a message naming it
