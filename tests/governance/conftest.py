import pytest


@pytest.fixture
def en(client):
    """The test client asking for English pages."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
