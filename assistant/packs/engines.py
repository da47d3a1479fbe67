"""Built-in engines a pack may name (`engine:`), with what each needs the pack to declare.

An engine does a pack's understanding and arithmetic in Python; the pack still holds
its knowledge — rules, quotes, parameters, figure names, terms, disputes — so the
engine never names a clause of the notes. A pack naming an engine must declare
everything listed here (checked when the pack is loaded).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EngineSpec:
    rules: tuple[str, ...]
    parameters: tuple[str, ...]
    figures: tuple[str, ...]


ENGINES: dict[str, EngineSpec] = {
    # Windows Server CALs: the situation parser and answers of assistant/dialogue and assistant/rules.
    "windows-server-cals": EngineSpec(
        rules=(
            "included-cals",
            "cals-pool",
            "shortfall",
            "terms",
            "per-user-device",
            "per-server",
            "mode-matters",
            "mode-choice-permanent",
            "user-or-device",
            "sharing",
            "reassignment",
            "administrators",
            "disputed-admin-cal",
        ),
        parameters=("cals_with_standard", "cals_with_enterprise", "cals_with_volume_copy", "exempt_admins"),
        figures=(
            "copies",
            "cals_per_copy",
            "cals_included",
            "cals_owned",
            "users_licensed",
            "devices_licensed",
            "servers",
            "connections_per_server",
            "cals_needed",
            "cals_needed_per_user_device",
            "cals_needed_per_server",
            "user_cals_needed",
            "device_cals_needed",
            "cals_to_buy",
            "cals_spare",
            "admins_without_cals",
        ),
    ),
}
