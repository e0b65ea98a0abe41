from django.apps import AppConfig


class CrossborderConfig(AppConfig):
    name = "crossborder"
    verbose_name = "Enquiries and leads"
