"""Schemathesis against the project's own OpenAPI document, in process through the WSGI application: every
operation, with generated parameters and bodies, as a logged-in supervisor (CSRF token included, so writes
really run) — no 5xx, and every response matches the content type and schema the document declares.
Examples are bounded so that CI stays quick."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

pytestmark = pytest.mark.django_db
MAX_EXAMPLES = 12


@pytest.fixture
def supervisor_headers(hostile_world):
    client = Client()
    client.force_login(hostile_world["users"]["supervisor"])
    client.get("/alerts/")  # sets the CSRF cookie
    session, csrf = client.cookies["sessionid"].value, client.cookies["csrftoken"].value
    # The raw WSGI app closes the database connection after each request, which would end the test's
    # transaction; Django's test client suspends that the same way (after its own requests, hence here).
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {"Cookie": f"sessionid={session}; csrftoken={csrf}", "X-CSRFToken": csrf}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Loaded at collection (the document needs no database); schemathesis' lazy fixture loader predates pytest 9.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_api_operation_answers_within_its_schema(case, supervisor_headers):
    """Each generated request, sent as the supervisor, gets a documented, well-formed answer."""
    case.call_and_validate(headers=supervisor_headers,
                           checks=[not_a_server_error, content_type_conformance, response_schema_conformance])


def test_the_document_lists_the_operations_the_walk_relies_on():
    paths = set(schema.raw_schema["paths"])
    assert {"/api/alerts", "/api/alerts/{alert_id}", "/api/alerts/{alert_id}/answer"} <= paths
