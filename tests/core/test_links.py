from __future__ import annotations

import pytest

from core.errors import BadRequest
from core.links import classify_link, classify_source


@pytest.mark.parametrize(
    "link,kind,ref",
    [
        ("https://example.com/a/meeting.mp4", "url", "https://example.com/a/meeting.mp4"),
        ("<https://example.com/x.m4a>", "url", "https://example.com/x.m4a"),
        (
            "https://us02web.zoom.us/rec/share/AbC-123?pwd=x",
            "zoom",
            "https://us02web.zoom.us/rec/share/AbC-123?pwd=x",
        ),
        (
            "https://drive.google.com/file/d/1AbCdEfGhIjKlMn/view?usp=sharing",
            "drive",
            "1AbCdEfGhIjKlMn",
        ),
        ("https://drive.google.com/open?id=1ZyXwVuTsRq", "drive", "1ZyXwVuTsRq"),
        ("https://docs.google.com/document/d/1DocIdAbCdEf/edit", "drive", "1DocIdAbCdEf"),
    ],
)
def test_links_are_classified(link: str, kind: str, ref: str) -> None:
    source = classify_link(link)
    assert (source.kind, source.ref) == (kind, ref)


@pytest.mark.parametrize(
    "link,message",
    [
        ("ftp://example.com/a.mp3", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("https:///nohost", "no host"),
        ("https://drive.google.com/drive/folders", "does not name a file"),
    ],
)
def test_unusable_links_are_refused(link: str, message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        classify_link(link)


def test_anything_else_is_a_local_file() -> None:
    assert classify_source("recordings/standup.m4a").kind == "file"
