"""Reading `/scribe ...` as Slack sends it: links in angle brackets, `&` as `&amp;`."""

from __future__ import annotations

from bot.slack.commands import Help, Status, Summarize, parse_command

PRESIGNED = "https://files.example.com/m.mp4?X-Amz-Credential=a%2Fb&X-Amz-Signature=abc&x=1"


def test_a_presigned_link_keeps_every_parameter() -> None:
    sent = "<" + PRESIGNED.replace("&", "&amp;") + ">"

    assert parse_command(sent) == Summarize(link=PRESIGNED)


def test_a_labelled_link_and_a_bare_one_are_the_same_request() -> None:
    assert parse_command("<https://example.com/a.mp3|a.mp3>") == Summarize(
        link="https://example.com/a.mp3"
    )
    assert parse_command("https://example.com/a.mp3") == Summarize(link="https://example.com/a.mp3")


def test_words_that_are_not_links_get_help() -> None:
    assert parse_command("status") == Status()
    assert isinstance(parse_command(""), Help)
    reply = parse_command("hello")
    assert isinstance(reply, Help) and "not a link" in reply.note
