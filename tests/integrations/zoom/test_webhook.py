"""Zoom's webhook wire format, checked against the test vectors in PROTOCOLS.md (computed
from Zoom's own sample code)."""

from __future__ import annotations

import json

from integrations.zoom.webhook import is_signed, plain_token, recording_event, sign, url_validation

SECRET = "zoom_test_secret"


def test_url_validation_answers_with_zooms_hmac() -> None:
    assert url_validation(SECRET, "qgg8vlvZRS6UYooatFL8Aw") == {
        "plainToken": "qgg8vlvZRS6UYooatFL8Aw",
        "encryptedToken": "40a58fc396b81cf5fa0ee7d3431e19801ad5c46f66d6891a405bdb809268503d",
    }
    body = {"event": "endpoint.url_validation", "payload": {"plainToken": "abc"}}
    assert plain_token(body) == "abc"
    assert plain_token({"event": "endpoint.url_validation", "payload": {}}) is None


def test_signatures_match_zooms_test_vector_and_nothing_else() -> None:
    body = b'{"event":"recording.completed","event_ts":1700000000000,"payload":{}}'
    signature = "v0=70b426a35a8dcb3f52382032f8facfe14487b88fbc3bb37a14f880d387ef8c66"
    assert sign(SECRET, "1700000000", body) == signature
    ok = {"timestamp": "1700000000", "signature": signature, "body": body, "now": 1700000100}
    assert is_signed(SECRET, **ok)  # type: ignore[arg-type]
    assert not is_signed("other", **ok)  # type: ignore[arg-type]
    assert not is_signed(SECRET, **{**ok, "body": body + b" "})  # type: ignore[arg-type]
    assert not is_signed(SECRET, **{**ok, "signature": None})  # type: ignore[arg-type]
    assert not is_signed(SECRET, **{**ok, "timestamp": None})  # type: ignore[arg-type]
    assert not is_signed(SECRET, **{**ok, "timestamp": "17e8"})  # type: ignore[arg-type]


def test_timestamps_outside_five_minutes_are_refused() -> None:
    body = b"{}"
    for age in (301, -301, 86_400):
        stamp = str(1_700_000_000 - age)
        assert not is_signed(
            SECRET, timestamp=stamp, signature=sign(SECRET, stamp, body), body=body, now=1.7e9
        )
    stamp = "1699999800"
    assert is_signed(
        SECRET, timestamp=stamp, signature=sign(SECRET, stamp, body), body=body, now=1.7e9
    )


def test_recording_events_are_read_and_others_ignored() -> None:
    body = {
        "event": "recording.completed",
        "download_token": "tok",
        "payload": {
            "object": {
                "uuid": "/ajXp112QmuoKj4854875==",
                "topic": "Weekly sync",
                "host_email": "host@example.com",
                "recording_files": [
                    {
                        "id": "a",
                        "file_type": "M4A",
                        "recording_type": "audio_only",
                        "download_url": "https://zoom.us/rec/download/a",
                        "status": "completed",
                    },
                    {"file_type": "CC", "download_url": "https://zoom.us/rec/download/cc"},
                ],
                "participant_audio_files": [],
            }
        },
    }
    event = recording_event(json.loads(json.dumps(body)))
    assert event is not None
    assert event.kind == "recording.completed"
    assert event.download_token == "tok"
    assert event.recording.uuid == "/ajXp112QmuoKj4854875=="
    assert [f.file_type for f in event.recording.recording_files] == ["M4A", "CC"]
    assert recording_event({"event": "meeting.started", "payload": {"object": {}}}) is None
    assert recording_event({"event": "recording.completed", "payload": {"object": {}}}) is None
    assert recording_event({"event": "recording.completed", "payload": "x"}) is None
