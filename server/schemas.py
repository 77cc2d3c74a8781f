"""What the API takes and answers, as pydantic models (they make the OpenAPI document)."""

from pydantic import BaseModel, Field

ID = r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$"  # device and community ids
HLC = r"^[0-9A-Za-z_.-]{1,100}$"  # a clock stamp: hex digits and a device id
TEXT = r"^[^\x00-\x1f\x7f]*$"  # no control characters (PostgreSQL refuses NUL in text)


class ErrorBody(BaseModel):
    code: str = Field(description="stable, for programs: e.g. token_revoked, invite_expired")
    message: str = Field(description="for people")


class Health(BaseModel):
    status: str
    version: str
    api: int = 1


class JoinRequest(BaseModel):
    invite: str = Field(min_length=1, max_length=100)
    device: str = Field(pattern=ID, description="the joining device's id")
    name: str | None = Field(
        None, max_length=200, pattern=TEXT, description="what people call the device"
    )


class Joined(BaseModel):
    token: str = Field(description="the device token: send it as `Authorization: Bearer …`")
    community: str
    name: str
    device: str
    local_community: str | None


class CommunityInfo(BaseModel):
    id: str
    name: str
    local_community: str | None
    horizon: int
    device: str


class Binding(BaseModel):
    local_community: str = Field(pattern=ID)


class PushResult(BaseModel):
    stored_through: int = Field(description="the highest seq of the device stored contiguously")


class Pushed(BaseModel):
    device: str
    stored_through: int


class ChangesetOut(BaseModel):
    device: str
    first: int
    last: int
    cursor: int
    data: str = Field(description="the changeset's bytes, base64")


class Page(BaseModel):
    changesets: list[ChangesetOut]
    next_cursor: int
    has_more: bool


class SnapshotStored(BaseModel):
    id: int
    cursor: int
