from django.apps import AppConfig


class PluginConfig(AppConfig):
    name = "tests.plugin"
    label = "plugin"
