from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content. Like evidence, it reads every app and nothing imports it."""

    name = "portal.demo"
    label = "demo"
    verbose_name = "Demo"
