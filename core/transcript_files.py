"""Read transcripts people already have (.vtt, .srt, .txt) so they skip transcription.

Speaker names are kept: Zoom writes "Name: text" inside each WebVTT cue, other tools use
`<v Name>` voice tags, and plain-text exports (Google Meet, Otter) put "Name: text" on a line,
often next to a timestamp.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.domain import Segment, Transcript
from core.errors import BadRequest

# Every pattern here runs in time linear in its input, whatever the input: repeats are bounded
# or cannot overlap what follows them, so a hostile file cannot make a pattern backtrack over
# it (one cue of 70,000 "<v x" took 108 s with the old `<v\s+([^>]+)>`).
_STAMP = r"(?:\d{1,4}:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_TIMING = re.compile(rf"(?P<start>{_STAMP})\s*-->\s*(?P<end>{_STAMP})")
# A tag cannot hold "<", so a "<" without its ">" costs one look, not a scan to the end.
_ANY_TAG = re.compile(r"<([^<>]*)>")
# WebVTT cue markup (<b>, <c.loud>, <v Name>, <00:01.500>), and nothing else that merely
# looks like a tag: "<http://...>" in a transcript is text someone said or typed.
_CUE_TAG = re.compile(r"/?(?:b|i|u|c|v|lang|ruby|rt)(?:[.\s].*)?|\d{1,2}:\d{2}.*", re.DOTALL)
_VOICE = re.compile(r"v(?:\.[\w.-]+)?\s+(\S.*)", re.DOTALL)
# "Name: text", where Name is short and looks like a name, not a sentence with a colon in it.
_SPEAKER = re.compile(
    r"(?P<name>[A-Z\u00C0-\u024F][\w .'\-()@]{0,40}?):\s+(?P<text>\S.*)", re.DOTALL
)
_TXT_STAMP = re.compile(r"\[?(?P<ts>(?:\d{1,4}:)?\d{1,2}:\d{2}(?:[.,]\d{1,6})?)\]?\s*")
MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024  # a ten-hour meeting's transcript is about 2 MB
_WORDS_PER_SECOND = 2.5  # conversational pace, for plain text that carries no times


def read_transcript_file(path: Path, *, max_bytes: int = MAX_TRANSCRIPT_BYTES) -> Transcript:
    """Parse a transcript file by its extension; refuse one that holds no usable text, or more
    than max_bytes of it. CPU-bound on a large file: async callers run it in a thread."""
    size = path.stat().st_size
    if size > max_bytes:
        limit = _size(max_bytes)
        raise BadRequest(f"{path.name} is {_size(size)}; transcripts over {limit} are refused")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BadRequest(f"{path.name} is not a UTF-8 text transcript") from None
    suffix = path.suffix.lower()
    segments = _parse_cues(text) if suffix in {".vtt", ".srt"} else _parse_plain(text)
    segments = _confirm_speakers(segments)
    if not segments:
        raise BadRequest(f"{path.name} contains no transcript text")
    return Transcript(segments=tuple(segments), duration_seconds=segments[-1].end)


def _size(n: int) -> str:
    return f"{n / 1024**2:.1f} MB" if n >= 1024**2 else f"{n / 1024:.0f} KB"


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def _split_speaker(text: str) -> tuple[str | None, str]:
    speaker: str | None = None
    kept: list[str] = []
    at = 0
    for tag in _ANY_TAG.finditer(text):
        inside = tag[1]
        if not _CUE_TAG.fullmatch(inside):
            continue  # not markup: stays in the text
        kept.append(text[at : tag.start()])
        at = tag.end()
        if speaker is None and (voice := _VOICE.fullmatch(inside)):
            speaker = voice[1].strip()
    kept.append(text[at:])
    clean = "".join(kept).strip()
    if speaker is not None:
        return speaker, clean
    match = _SPEAKER.match(clean)
    if match:
        return match.group("name").strip(), match.group("text").strip()
    return None, clean


def _confirm_speakers(segments: list[Segment]) -> list[Segment]:
    """Keep a "Name:" prefix as the speaker when it recurs, or when the transcript labels its
    lines with speakers and the prefix is written like a name ("Omar Haddad", not "Action
    item")."""
    counts: dict[str, int] = {}
    for segment in segments:
        if segment.speaker:
            counts[segment.speaker] = counts.get(segment.speaker, 0) + 1
    labelled = sum(counts.values()) >= len(segments) / 2

    def confirmed(name: str) -> bool:
        words = name.split()
        looks_like_name = len(words) <= 4 and all(w[:1].isupper() for w in words)
        return counts[name] >= 2 or (labelled and looks_like_name)

    result = []
    for segment in segments:
        if segment.speaker and not confirmed(segment.speaker):
            text = f"{segment.speaker}: {segment.text}"
            segment = segment.model_copy(update={"speaker": None, "text": text})
        result.append(segment)
    return result


def _blocks(text: str) -> list[list[str]]:
    """The text's lines, stripped, in blocks separated by blank lines."""
    blocks: list[list[str]] = [[]]
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _parse_cues(text: str) -> list[Segment]:
    segments: list[Segment] = []
    for lines in _blocks(text):
        found = ((i, _TIMING.search(line)) for i, line in enumerate(lines) if "-->" in line)
        timing_at, timing = next(((i, m) for i, m in found if m), (None, None))
        if timing_at is None or timing is None:
            continue  # WEBVTT header, NOTE or STYLE blocks
        speaker, words = _split_speaker(" ".join(lines[timing_at + 1 :]))
        if words:
            segments.append(
                Segment(
                    start=_seconds(timing["start"]),
                    end=_seconds(timing["end"]),
                    text=words,
                    speaker=speaker,
                )
            )
    return segments


def _parse_plain(text: str) -> list[Segment]:
    """Lines of "[00:01:02] Name: text", "Name: text" or bare paragraphs.

    Lines without a timestamp get times estimated from the word count, so chapters still come
    out in order; a later explicit timestamp resets the clock.
    """
    segments: list[Segment] = []
    clock = 0.0
    pending_stamp: float | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        stamp = _TXT_STAMP.match(line)
        if stamp:
            pending_stamp = _seconds(stamp["ts"])
            line = line[stamp.end() :].strip()
            if not line:
                continue  # a timestamp on its own line, as Google Meet and Otter write them
        speaker, words = _split_speaker(line)
        if not words:
            continue
        start = pending_stamp if pending_stamp is not None else clock
        pending_stamp = None
        end = start + max(1.0, len(words.split()) / _WORDS_PER_SECOND)
        segments.append(Segment(start=start, end=end, text=words, speaker=speaker))
        clock = end
    return segments
