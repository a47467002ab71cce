"""What the plugin saw, and whether a test switched it on."""

from dataclasses import dataclass, field


@dataclass
class State:
    enabled: bool = False
    fail: bool = False
    calls: list[dict] = field(default_factory=list)


state = State()
