from django.apps import AppConfig


class WorktimeConfig(AppConfig):
    name = "cases.worktime"
    label = "worktime"
    verbose_name = "Working hours (工作时间)"
    default_auto_field = "django.db.models.BigAutoField"
