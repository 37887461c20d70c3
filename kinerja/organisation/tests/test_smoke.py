import pytest

pytestmark = pytest.mark.django_db


def test_home_renders_for_employee(cast, client_for):
    r = client_for(cast.employee).get("/")
    assert r.status_code == 200
    assert "Budi Santoso" in r.content.decode()
