"""Names the whole platform agrees on. Plain values: settings import this module."""

# The schema of the tenant registry, the task queue and the network's own site.
PUBLIC_SCHEMA = "public"
# The theme a new buurtpunt starts with (one of the themes app's registry).
DEFAULT_THEME = "dorp"
