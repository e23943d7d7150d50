"""Every written meeting, read the way Scribe would read it."""

from __future__ import annotations

from pathlib import Path

from tests.integrations.offline import calls, exports
from tests.integrations.offline.meetings import Meeting, from_file


def all_meetings(tmp: Path) -> list[Meeting]:
    return [
        Meeting("standup", "standup", calls.STANDUP, calls.STANDUP_EXPECTED),
        Meeting("pipeline", "Pipeline review", calls.PIPELINE, calls.PIPELINE_EXPECTED),
        Meeting("retro", "zoom_3", calls.RETRO, calls.RETRO_EXPECTED),
        Meeting(
            "google meet",
            "Q3 roadmap review - Transcript",
            from_file(tmp, "Q3 roadmap review - Transcript.txt", exports.GOOGLE_MEET),
            exports.GOOGLE_MEET_EXPECTED,
        ),
        Meeting(
            "zoom",
            "GMT20240611-150102_Recording",
            from_file(tmp, "GMT20240611-150102_Recording.vtt", exports.ZOOM_VTT),
            exports.ZOOM_EXPECTED,
        ),
        Meeting(
            "vendor",
            "GMT20240101-100000_Recording",
            from_file(tmp, "vendor.vtt", exports.VENDOR_VTT),
            exports.VENDOR_EXPECTED,
        ),
        Meeting(
            "teams",
            "Board prep",
            from_file(tmp, "board.vtt", exports.TEAMS_VTT),
            exports.TEAMS_EXPECTED,
        ),
        Meeting("campaign", "Spring campaign planning", calls.CAMPAIGN, calls.CAMPAIGN_EXPECTED),
        Meeting("one to one", "chris-pat", calls.ONE_ON_ONE, calls.ONE_ON_ONE_EXPECTED),
        Meeting("unlabelled", "audio1234", calls.UNLABELLED, calls.UNLABELLED_EXPECTED),
    ]
