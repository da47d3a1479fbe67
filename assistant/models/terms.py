"""Licensing terms a question can name: channel, edition, licensing mode, CAL type."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    oem = "OEM"
    fpp = "retail (FPP)"
    volume = "volume licensing"


class Edition(StrEnum):
    standard = "Standard"
    enterprise = "Enterprise"


class Mode(StrEnum):
    per_user_device = "per user/device"
    per_server = "per server"


class CalType(StrEnum):
    user = "user"
    device = "device"
