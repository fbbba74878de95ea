"""Sign-in guesses are limited per account as well as per address: spreading them over many
addresses does not help."""

from relaudit import throttle


def test_guessing_one_account_from_many_addresses_is_refused(client, reviewer):
    statuses = []
    for address in range(20):  # 60 guesses from 20 addresses, 3 each
        for _ in range(3):
            statuses.append(
                client.post(
                    "/accounts/login/",
                    {"username": "Reviewer", "password": "wrong"},
                    REMOTE_ADDR=f"192.0.2.{address}",
                ).status_code
            )
    limit = throttle.SIGN_IN.per_account
    assert statuses[:limit] == [200] * limit  # the form again, with its error
    assert set(statuses[limit:]) == {429}
    # The right password does not get through while the account is locked either.
    right = client.post(
        "/accounts/login/",
        {"username": "reviewer", "password": "pw-reviewer"},
        REMOTE_ADDR="192.0.2.99",
    )
    assert right.status_code == 429 and "_auth_user_id" not in client.session
