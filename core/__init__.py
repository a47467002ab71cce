"""What every app of the platform needs and no app owns.

``core`` sits below every other app and imports none of them (an import-linter
contract in ``make lint`` holds this): local time in Europe/Brussels, the
service error, the current buurtpunt, shared value blocks, the full-page
cache, the tenant-aware database and task backends, and the names of the hooks
through which the apps join the platform (``core.hooks``).
"""
