"""Password guessing is throttled per user name and address; the test suite's own logins still work."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse

PASSWORD = "rahasia-uji-123"
GUESSES = 30


@pytest.fixture
def target(db):
    return get_user_model().objects.create_user("sasaran.uji", password=PASSWORD, is_staff=True)


@pytest.fixture
def bystander(db):
    return get_user_model().objects.create_user("lain.uji", password=PASSWORD)


def attempt(client, url, username, password, address="10.0.0.7", **headers):
    return client.post(
        url,
        {"username": username, "password": password, "next": "/"},
        REMOTE_ADDR=address,
        **headers,
    )


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """A cheap hasher: these tests make hundreds of password checks."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def guess(client, url, username, address="10.0.0.7", **headers):
    return [
        attempt(client, url, username, f"salah-{i}", address, **headers) for i in range(GUESSES)
    ]


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_thirty_wrong_passwords_lock_the_right_one_out_until_the_cool_off(
    client, target, settings, url_name
):
    url = reverse(url_name)
    responses = guess(client, url, target.username)
    assert responses[0].status_code == 200  # the first wrong guess: the ordinary error
    assert responses[-1].status_code == 429
    assert sum(r.status_code == 429 for r in responses) >= GUESSES - settings.AXES_FAILURE_LIMIT

    right = attempt(client, url, target.username, PASSWORD)
    assert right.status_code == 429
    assert not logged_in(client)
    page = right.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in page
    assert 'name="username"' in page and target.username in page  # the form again, name kept
    assert PASSWORD not in page


def test_after_the_cool_off_the_right_password_works_again(client, target, settings):
    url = reverse("login")
    guess(client, url, target.username)
    assert attempt(client, url, target.username, PASSWORD).status_code == 429
    settings.AXES_COOLOFF_TIME = __import__("datetime").timedelta(seconds=0)
    AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")
    response = attempt(client, url, target.username, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_another_user_from_the_same_address_is_not_blocked(client, target, bystander):
    url = reverse("login")
    guess(client, url, target.username)
    response = attempt(client, url, bystander.username, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_the_same_user_from_another_address_is_not_blocked(client, target):
    url = reverse("login")
    guess(client, url, target.username, address="10.0.0.7")
    response = attempt(client, url, target.username, PASSWORD, address="10.9.9.9")
    assert response.status_code == 302
    assert logged_in(client)


def test_behind_a_proxy_the_forwarded_address_counts(client, target, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("login")
    # Every request arrives from the proxy (one REMOTE_ADDR); the guesser's own address is forwarded.
    guess(client, url, target.username, address="10.1.1.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert (
        attempt(
            client, url, target.username, PASSWORD, "10.1.1.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
        ).status_code
        == 429
    )
    # The same proxy forwarding an official from elsewhere: not blocked. A forged left-hand entry
    # does not help the guesser either (the proxy's own entry, the right-most, is the one read).
    other = attempt(
        client, url, target.username, PASSWORD, "10.1.1.1", HTTP_X_FORWARDED_FOR="198.51.100.9"
    )
    assert other.status_code == 302
    client.logout()
    forged = attempt(
        client,
        url,
        target.username,
        PASSWORD,
        "10.1.1.1",
        HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.5",
    )
    assert forged.status_code == 429


def test_a_success_before_the_limit_resets_the_count(client, target, settings):
    url = reverse("login")
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, url, target.username, f"salah-{i}")
    assert attempt(client, url, target.username, PASSWORD).status_code == 302
    client.logout()
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, url, target.username, f"salah-{i}")
    assert attempt(client, url, target.username, PASSWORD).status_code == 302


def test_the_test_clients_own_logins_keep_working(client, target):
    assert client.login(username=target.username, password=PASSWORD)
    client.logout()
    client.force_login(target)
    assert logged_in(client)
    assert not client.login(username=target.username, password="salah")
