"""The server's HTTP API over real HTTP on 127.0.0.1, on SQLite and on PostgreSQL storage."""

from __future__ import annotations

import base64

import pytest

from server.app import Limits
from tests.server.conftest import HTTP, join, token_for


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def push(url, community, token, device, first, last, data=None):
    return HTTP.put(
        f"{url}/v1/communities/{community}/changesets",
        params={"device": device, "first": first, "last": last},
        content=data if data is not None else f"cs {device} {first}-{last}".encode(),
        headers=auth(token),
    )


def pull(url, community, token, **params):
    return HTTP.get(
        f"{url}/v1/communities/{community}/changesets", params=params, headers=auth(token)
    )


def stored_count(admin, community) -> int:
    return len(admin.storage.changesets_after(community, 0, 10_000, 10**9)[0])


def test_health_needs_no_token(live):
    response = HTTP.get(f"{live.url}/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_openapi_document_is_served_and_lists_the_paths(live):
    doc = HTTP.get(f"{live.url}/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for path in (
        "/v1/health",
        "/v1/join",
        "/v1/communities/{community}/changesets",
        "/v1/communities/{community}/snapshots/latest",
    ):
        assert path in doc["paths"]


def test_community_paths_answer_401_without_a_token_and_403_for_another_community(live, admin):
    mine, other = admin.community("Mine"), admin.community("Other")
    token = token_for(live.url, admin, mine, "dev-a")
    response = HTTP.get(f"{live.url}/v1/communities/{mine}/changesets")
    assert response.status_code == 401
    assert response.json()["code"] == "token_missing"
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert pull(live.url, mine, "kdt_forged").json()["code"] == "token_invalid"
    response = pull(live.url, other, token)
    assert response.status_code == 403
    assert response.json() == {"code": "wrong_community", "message": response.json()["message"]}
    forged = push(live.url, other, token, "dev-a", 1, 1)
    assert forged.status_code == 403
    assert stored_count(admin, other) == 0
    assert pull(live.url, mine, token).status_code == 200


def test_a_retried_push_is_a_no_op_and_answers_the_contiguous_seq(live, admin):
    community = admin.community()
    token = token_for(live.url, admin, community, "dev-a")
    assert push(live.url, community, token, "dev-a", 1, 5).json() == {"stored_through": 5}
    assert push(live.url, community, token, "dev-a", 1, 5).json() == {"stored_through": 5}
    assert push(live.url, community, token, "dev-a", 11, 20).json() == {"stored_through": 5}
    assert push(live.url, community, token, "dev-a", 6, 10).json() == {"stored_through": 20}
    assert stored_count(admin, community) == 3
    pushed = HTTP.get(
        f"{live.url}/v1/communities/{community}/devices/dev-a/pushed", headers=auth(token)
    )
    assert pushed.json() == {"device": "dev-a", "stored_through": 20}


def test_pull_pages_with_next_cursor_and_has_more(live, admin):
    community = admin.community()
    token = token_for(live.url, admin, community, "dev-a")
    for n in range(1, 8):
        assert push(live.url, community, token, "dev-b", n, n).status_code == 200
    seen, after, pages = [], 0, 0
    while True:
        page = pull(live.url, community, token, after=after, limit=3).json()
        pages += 1
        seen += [(c["first"], base64.b64decode(c["data"])) for c in page["changesets"]]
        after = page["next_cursor"]
        if not page["has_more"]:
            break
    assert pages == 3
    assert seen == [(n, f"cs dev-b {n}-{n}".encode()) for n in range(1, 8)]
    again = pull(live.url, community, token, after=after).json()
    assert again == {"changesets": [], "next_cursor": after, "has_more": False}
    mine_skipped = pull(live.url, community, token, exclude="dev-b", limit=100).json()
    assert mine_skipped == {"changesets": [], "next_cursor": after, "has_more": False}


def test_a_compacted_cursor_answers_resync_from_snapshot(live, admin):
    community = admin.community()
    token = token_for(live.url, admin, community, "dev-a")
    for n in range(1, 4):
        push(live.url, community, token, "dev-a", n, n)
    cursors = [c["cursor"] for c in pull(live.url, community, token).json()["changesets"]]
    stored = HTTP.put(
        f"{live.url}/v1/communities/{community}/snapshots/dev-a",
        params={"hlc": "0001", "cursor": cursors[1]},
        content=b"SNAPSHOT",
        headers=auth(token),
    )
    assert stored.json()["cursor"] == cursors[1]
    assert admin.storage.compact(community) == (cursors[1], 2)
    gone = pull(live.url, community, token, after=0)
    assert gone.status_code == 410
    assert gone.json()["code"] == "resync_from_snapshot"
    latest = HTTP.get(
        f"{live.url}/v1/communities/{community}/snapshots/latest", headers=auth(token)
    )
    assert latest.content == b"SNAPSHOT"
    assert int(latest.headers["X-Kring-Cursor"]) == cursors[1]
    rest = pull(live.url, community, token, after=cursors[1]).json()["changesets"]
    assert [c["first"] for c in rest] == [3]


def test_a_body_over_the_limit_answers_413_and_stores_nothing(make_server, admin):
    live = make_server(Limits(max_body=1000))
    community = admin.community()
    token = token_for(live.url, admin, community, "dev-a")
    response = push(live.url, community, token, "dev-a", 1, 1, b"x" * 1001)
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"

    def chunks():  # no Content-Length: the limit holds while reading
        for _ in range(5):
            yield b"y" * 400

    chunked = HTTP.put(
        f"{live.url}/v1/communities/{community}/changesets",
        params={"device": "dev-a", "first": 1, "last": 1},
        content=chunks(),
        headers=auth(token),
    )
    assert chunked.status_code == 413
    assert chunked.json()["code"] == "body_too_large"
    assert stored_count(admin, community) == 0
    assert push(live.url, community, token, "dev-a", 1, 1, b"x" * 1000).status_code == 200


def test_too_many_requests_answer_429_with_retry_after(make_server, admin):
    live = make_server(Limits(per_minute=5))
    community = admin.community()
    token = token_for(live.url, admin, community, "dev-a")
    answers = [pull(live.url, community, token) for _ in range(6)]
    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert answers[-1].json()["code"] == "rate_limited"
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 60


def test_a_revoked_device_gets_401(live, admin):
    community = admin.community()
    token = token_for(live.url, admin, community, "dev-a")
    assert admin.storage.revoke("dev-a") == 1
    response = push(live.url, community, token, "dev-a", 1, 1)
    assert response.status_code == 401
    assert response.json()["code"] == "token_revoked"
    assert stored_count(admin, community) == 0
    again = join(live.url, admin.invite(community), "dev-a")
    assert again.status_code == 403
    assert again.json()["code"] == "device_revoked"


def test_expired_and_used_up_invites_are_refused(live, admin):
    community = admin.community()
    expired = admin.invite(community, expires_at="2020-01-01T00:00:00Z")
    response = join(live.url, expired, "dev-a")
    assert (response.status_code, response.json()["code"]) == (410, "invite_expired")
    once = admin.invite(community, uses=1)
    assert join(live.url, once.lower().replace("-", ""), "dev-a").status_code == 200
    response = join(live.url, once, "dev-b")
    assert (response.status_code, response.json()["code"]) == (410, "invite_used_up")
    response = join(live.url, "NOPE-NOPE", "dev-c")
    assert (response.status_code, response.json()["code"]) == (404, "invite_unknown")
    assert [d.device for d in admin.storage.devices(community)] == ["dev-a"]


def test_a_token_reaches_only_its_own_community(live, admin):
    first, second = admin.community("One"), admin.community("Two")
    token_one = token_for(live.url, admin, first, "dev-a")
    token_two = token_for(live.url, admin, second, "dev-b")
    push(live.url, second, token_two, "dev-b", 1, 1, b"secret of two")
    for after in (0, 1):
        assert pull(live.url, second, token_one, after=after).status_code == 403
    page = pull(live.url, first, token_one, after=0).json()
    assert page["changesets"] == []
    for path in ("/devices/dev-b/pushed", "/snapshots/latest", ""):
        assert (
            HTTP.get(
                f"{live.url}/v1/communities/{second}{path}", headers=auth(token_one)
            ).status_code
            == 403
        )


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        ("GET", "/v1/nothing", {}, 404, "not_found"),
        ("DELETE", "/v1/health", {}, 405, "method_not_allowed"),
        (
            "POST",
            "/v1/join",
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            422,
            "malformed_json",
        ),
        ("POST", "/v1/join", {"json": {"invite": "x"}}, 422, "invalid_request"),
        ("POST", "/v1/join", {"json": {"invite": "x", "device": "../etc"}}, 422, "invalid_request"),
    ],
)
def test_every_error_is_json_with_a_stable_code(live, method, path, kwargs, status, code):
    response = HTTP.request(method, live.url + path, **kwargs)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_bad_pushes_are_refused_and_store_nothing(live, admin):
    community = admin.community()
    token = token_for(live.url, admin, community, "dev-a")
    assert push(live.url, community, token, "dev-a", 5, 4).json()["code"] == "invalid_range"
    assert push(live.url, community, token, "dev-a", 0, 4).status_code == 422
    assert push(live.url, community, token, "dev-a", 1, 1, b"").json()["code"] == "empty_body"
    lying = b'KRING-CHANGESET\n{"device": "dev-z", "first": 1, "last": 1, "format": 1}\nxx'
    response = push(live.url, community, token, "dev-a", 1, 1, lying)
    assert response.json()["code"] == "changeset_mismatch"
    assert stored_count(admin, community) == 0
