"""Fuzz the sync server from its own OpenAPI document: no request, valid or not, makes it fail.

Schemathesis reads /openapi.json from a live server and generates requests for every
operation, fitting the schema (positive) and breaking it (negative); Hypothesis runs them.
Its pytest plugin's `from_fixture` does not work with this pytest, so the strategies are
driven here with `@given`. Bounded: EXAMPLES per operation and mode, a few hundred requests
per storage and token kind.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from server.app import Limits
from tests.server.conftest import HTTP, join, token_for

EXAMPLES = {True: 30, False: 10}  # per operation and generation mode, with a token or without
DEVICE = "fuzz-device"


@dataclass
class Target:
    schema: schemathesis.BaseSchema
    url: str
    community: str
    token: str


@pytest.fixture
def target(make_server, admin) -> Target:
    live = make_server(Limits(per_minute=0))  # no rate limit: every request reaches the API
    community = admin.community("Fuzz")
    token = token_for(live.url, admin, community, DEVICE)
    schema = schemathesis.openapi.from_url(f"{live.url}/openapi.json")
    schema.config.generation.update(database="none")  # no example files left behind
    return Target(schema, live.url, community, token)


def fuzz(target: Target, *, authorised: bool) -> dict[int, int]:
    """Run every operation's generated requests; the count of answers by status."""
    statuses: dict[int, int] = {}
    session = requests.Session()
    for found in target.schema.get_all_operations():
        operation = found.ok()
        names = {p.name for p in operation.iter_parameters() if p.location == "path"}
        pinned = {"community": target.community, "device": DEVICE}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            options = {}
            if authorised:  # its own community and device, so that requests get past auth
                options = {
                    "headers": {"Authorization": f"Bearer {target.token}"},
                    "path_parameters": {k: v for k, v in pinned.items() if k in names} or None,
                }
            strategy = operation.as_strategy(mode, **options)

            @settings(
                max_examples=EXAMPLES[authorised],
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategy)
            def check(case) -> None:
                response = case.call(base_url=target.url, session=session, timeout=30)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                where = f"{case.method} {case.formatted_path} → {response.status_code}"
                assert response.status_code < 500, f"{where}: {response.text}"
                if response.status_code >= 400:
                    body = response.json()
                    assert isinstance(body.get("code"), str), f"{where}: {body}"
                    assert isinstance(body.get("message"), str), f"{where}: {body}"

            try:
                check()
            except Unsatisfiable:
                if mode is GenerationMode.POSITIVE:
                    raise
                # Nothing left to break: no parameters and no body, or all of them pinned.
    session.close()
    return statuses


def test_no_request_with_a_valid_token_makes_the_server_fail(target):
    statuses = fuzz(target, authorised=True)
    assert sum(statuses.values()) >= 300
    assert any(200 <= s < 300 for s in statuses)  # some got through to the storage


def test_no_request_without_a_valid_token_makes_the_server_fail(target):
    statuses = fuzz(target, authorised=False)
    assert sum(statuses.values()) >= 100
    assert 401 in statuses


# --- what fuzzing found -------------------------------------------------------------------


def test_text_postgresql_cannot_hold_is_refused_not_a_server_error(live, admin):
    """A NUL in a device name or a snapshot's clock stamp was a 500 on PostgreSQL; a line
    break in the stamp, sent back as X-Kring-Hlc, left snapshot downloads unanswered."""
    community = admin.community()
    token = token_for(live.url, admin, community, DEVICE)
    refused = [
        join(live.url, admin.invite(community), "dev-b", "laptop\x00van Anna"),
        join(live.url, admin.invite(community), "dev-c", "laptop\nvan Anna"),
        *(
            HTTP.put(
                f"{live.url}/v1/communities/{community}/snapshots/{DEVICE}",
                params={"hlc": hlc, "cursor": 0},
                content=b"snapshot",
                headers={"Authorization": f"Bearer {token}"},
            )
            for hlc in ("0001\x00", "0001\r\nX-Evil: 1")
        ),
    ]
    assert [(r.status_code, r.json()["code"]) for r in refused] == [(422, "invalid_request")] * 4
    latest = HTTP.get(
        f"{live.url}/v1/communities/{community}/snapshots/latest",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert latest.status_code == 404  # nothing was stored
