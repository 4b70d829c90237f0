"""Qingfeng (清风): an integrity-supervision platform for city governments."""

__version__ = "0.1.0"
