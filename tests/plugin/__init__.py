"""An app that plugs into the platform the way every feature app does, installed in
the test settings only: its hooks and demo module show that the platform finds
and runs them without being told about this app. It does nothing until a test
switches it on (``state``)."""
