import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("governance:my-work"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_login_page_is_swedish_by_default(client, settings):
    settings.LANGUAGE_CODE = "sv"
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "sv"


def test_my_work_for_signed_in_member(people, client_for):
    response = client_for(people["ict_member"]).get(reverse("governance:my-work"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_every_page_title_names_the_product_not_the_host(client):
    html = client.get(reverse("login")).content.decode()
    assert "– Kommunens IT-styrning</title>" in html
