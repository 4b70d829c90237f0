"""Approvals under electronic supervision: the power and responsibility list, online approval cases and
their clocks, backup posts (AB岗), case events from other systems, cards and monthly scores."""
