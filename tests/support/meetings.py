"""Meetings as per-participant headset microphones record them, built from real voices
(tests/integrations/whisper/mixing.py): each track is its owner's voice plus every other
voice leaking in faintly (crosstalk), over a little room noise."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.ports import Track
from tests.integrations.whisper.mixing import VOICES, Voice, noise, silence, write_wav

ANA, BEN = VOICES[0], VOICES[1]
CROSSTALK_DB = -20.0  # another speaker as heard by your headset microphone
SAYS: dict[str, Voice] = {"Ana": ANA, "Ben": BEN}  # and Cleo listens, saying nothing


def close_talk_tracks(folder: Path, *, crosstalk_db: float = CROSSTALK_DB) -> list[Track]:
    """Ana speaks, then Ben; Cleo's microphone only hears them."""
    ana, ben = ANA.samples(), BEN.samples()
    gap = len(silence(1.0))
    length = gap * 3 + len(ana) + len(ben)
    own = {name: np.zeros(length, dtype=np.float32) for name in ("Ana", "Ben", "Cleo")}
    own["Ana"][gap : gap + len(ana)] = ana
    ben_at = gap * 2 + len(ana)
    own["Ben"][ben_at : ben_at + len(ben)] = ben
    leak = 10 ** (crosstalk_db / 20)
    tracks = []
    for number, (name, voice) in enumerate(own.items()):
        others = sum(v for other, v in own.items() if other != name)
        room = noise("pink", length / 16_000, -65.0, seed=number)
        path = write_wav(folder / f"{name}.wav", voice + leak * others + room[:length])
        tracks.append(Track(path=path, speaker=name))
    return tracks
