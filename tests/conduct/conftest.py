"""The approvals fixtures (a published item) for permits and spot checks linked to approval cases."""

from tests.approvals.conftest import _chinese, city, item  # noqa: F401
