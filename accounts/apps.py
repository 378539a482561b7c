from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts, roles and API tokens (账号与权限)"
    default_auto_field = "django.db.models.BigAutoField"
