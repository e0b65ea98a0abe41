"""Third-party apps whose own admin names are fixed English strings, named in the admin's three languages.

They live apart from `portal.apps`, where a second AppConfig would stop Django from
picking PortalConfig as the portal app's default configuration.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Sign-in attempts")


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")  # type: ignore[assignment]  # Django takes a lazy string
