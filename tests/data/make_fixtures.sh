#!/usr/bin/env bash
# make_fixtures.sh - regenerate Scribe's committed audio fixtures.
#
# Developers run this by hand; tests never call it. The tests use the
# committed outputs, so re-run it only when a fixture has to change, and
# commit the results along with this script.
#
# Needs: espeak-ng, sox (14.4+), ffmpeg built with libopus + libmp3lame + aac.
# Usage: tests/data/make_fixtures.sh          (run from anywhere)
#
# Outputs (paths relative to the repository root):
#   tests/data/speech_short.wav       16 kHz mono s16 WAV, ~4.3 s, one sentence
#   tests/data/noise_then_speech.ogg  Opus/Ogg, 20 s low room noise, ~7 s speech
#                                     over the same noise, 1 s noise tail
#   tests/data/room_noise_only.ogg    Opus/Ogg, 15 s of the same room noise
#   tests/data/german_speech.ogg      Opus/Ogg, ~12 s of German (espeak-ng -v de) over the
#                                     same room noise, for "speech in a language the model
#                                     does not know"
#   tests/data/not_media.wav          plain text with a .wav name
#   tests/data/empty.wav              0 bytes
#   tests/data/truncated.mp3          a valid MP3 cut to its first half (head -c)
#   tests/data/truncated.m4a          a valid AAC/M4A (moov atom at the end,
#                                     ffmpeg's default) cut to its first half
#   samples/standup.ogg               Opus/Ogg 24 kb/s, ~76 s demo standup,
#                                     3 espeak-ng voices
#   samples/standup.txt               the exact script of standup.ogg
#
# "Room noise" is sox pink noise (fixed seed through -R, so output is
# repeatable), low-passed at 4 kHz, plus a 120 Hz mains hum 12 dB below it, the
# mix scaled to NOISE_DB dBFS RMS (-50 by default). Everything is deterministic for a given
# espeak-ng/sox/ffmpeg version; other versions may change bytes, not content.
set -euo pipefail

NOISE_DB=${NOISE_DB:--50}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DATA=$ROOT/tests/data
SAMPLES=$ROOT/samples
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$DATA" "$SAMPLES"

for tool in espeak-ng sox ffmpeg; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done

# -R: sox's "repeatable" mode (fixed seed for noise synthesis and dither), so
# re-running the script gives byte-identical WAVs.
sox() { command sox -R "$@"; }

# Encode 16 kHz mono WAV -> Ogg/Opus at the given bitrate, no metadata.
to_opus() { # in.wav out.ogg bitrate
  ffmpeg -nostdin -loglevel error -y -i "$1" -map_metadata -1 -ac 1 \
    -c:a libopus -b:a "$3" -application audio -fflags +bitexact "$2"
}

# say VOICE SPEED PITCH TEXT OUT.wav : espeak-ng -> 16 kHz mono s16 WAV.
say() {
  espeak-ng -v "$1" -s "$2" -p "$3" -w "$TMP/raw.wav" "$4"
  sox "$TMP/raw.wav" -r 16000 -c 1 -b 16 "$5"
}

# room_noise SECONDS OUT.wav : low pink noise + hum at NOISE_DB dBFS RMS.
room_noise() {
  local dur=$1 out=$2 rms gain
  sox -n -r 16000 -c 1 -b 16 "$TMP/pink.wav" synth "$dur" pinknoise lowpass 4000
  sox -n -r 16000 -c 1 -b 16 "$TMP/hum.wav" synth "$dur" sine 120 vol 0.05
  sox -m "$TMP/pink.wav" "$TMP/hum.wav" "$TMP/bed.wav"
  rms=$(sox "$TMP/bed.wav" -n stat 2>&1 | awk '/RMS +amplitude/ {print $3}')
  gain=$(awk -v r="$rms" -v db="$NOISE_DB" 'BEGIN {printf "%.6f", 10^(db/20)/r}')
  sox "$TMP/bed.wav" -b 16 "$out" vol "$gain"
}

# 1. speech_short.wav (kept < 150 kB: 16 kHz s16 is 32 kB per second).
say en-us 160 50 "The quarterly budget review is scheduled for Thursday afternoon." \
  "$TMP/short.wav"
sox "$TMP/short.wav" "$DATA/speech_short.wav" pad 0.2 0.2

# 2. noise_then_speech.ogg: speech starts at 20.0 s and is mixed over the
# continuing noise bed, then 1 s of noise only.
# The commas make espeak-ng pause between the call-sign words; without them
# tiny.en often hears "Alf and Ronald Charlie" once a little noise is added.
say en-us 140 50 "Alpha, bravo, charlie. The budget is approved, and the launch \
moves to the fifteenth of March." "$TMP/nts_speech.wav"
noise_then_speech() { # LEAD_SECONDS BITRATE OUT.ogg
  local lead=$1 speech_len total
  speech_len=$(soxi -D "$TMP/nts_speech.wav")
  total=$(awk -v s="$speech_len" -v l="$lead" 'BEGIN {printf "%.3f", l + s + 1}')
  room_noise "$total" "$TMP/nts_noise.wav"
  sox "$TMP/nts_speech.wav" "$TMP/nts_speech_padded.wav" pad "$lead" 1
  sox -m -v 1 "$TMP/nts_noise.wav" -v 1 "$TMP/nts_speech_padded.wav" \
    -b 16 "$TMP/nts_mix.wav"
  to_opus "$TMP/nts_mix.wav" "$3" "$2"
}
noise_then_speech 20 24k "$DATA/noise_then_speech.ogg"

# 3. room_noise_only.ogg
room_noise 15 "$TMP/room.wav"
to_opus "$TMP/room.wav" "$DATA/room_noise_only.ogg" 24k

# 4. german_speech.ogg: a German standup, 1 s of room noise either side.
say de 150 50 "Guten Morgen zusammen. Gestern habe ich die Kostenanalyse für den neuen \
Vertrag fertiggestellt. Die Markteinführung verschiebt sich auf den fünfzehnten März, und \
Markus behebt den Fehler beim Anmelden bis Mittwoch." "$TMP/german.wav"
sox "$TMP/german.wav" "$TMP/german_padded.wav" pad 1 1
room_noise "$(soxi -D "$TMP/german_padded.wav")" "$TMP/german_noise.wav"
sox -m -v 1 "$TMP/german_noise.wav" -v 1 "$TMP/german_padded.wav" -b 16 "$TMP/german_mix.wav"
to_opus "$TMP/german_mix.wav" "$DATA/german_speech.ogg" 24k

# 5. Broken inputs.
printf 'This is not audio. It is a plain text file with a .wav name.\n' \
  > "$DATA/not_media.wav"
: > "$DATA/empty.wav"
ffmpeg -nostdin -loglevel error -y -i "$DATA/speech_short.wav" -map_metadata -1 \
  -c:a libmp3lame -b:a 32k -fflags +bitexact "$TMP/full.mp3"
head -c $(( $(stat -c %s "$TMP/full.mp3") / 2 )) "$TMP/full.mp3" > "$DATA/truncated.mp3"
ffmpeg -nostdin -loglevel error -y -i "$DATA/speech_short.wav" -map_metadata -1 \
  -c:a aac -b:a 32k -fflags +bitexact "$TMP/full.m4a"
head -c $(( $(stat -c %s "$TMP/full.m4a") / 2 )) "$TMP/full.m4a" > "$DATA/truncated.m4a"

# 6. samples/standup.ogg + standup.txt
# Each line: SPEAKER|VOICE|SPEED|PITCH|TEXT
SCRIPT=$(cat <<'EOF'
Alex|en-us|155|45|Good morning everyone, let's get started with the standup. Priya, do you want to go first?
Priya|en-gb+f3|150|60|Sure. Yesterday I finished the cost analysis for the new vendor contract. Um, the numbers look better than we expected.
Alex|en-us|155|45|Great. So, after last week's discussion, we decided to move the product launch to the fifteenth of March.
Marcus|en-us+m3|170|30|Okay, that works for me. I spent most of yesterday on the login bug. It only happens when the session token expires.
Alex|en-us|155|45|Marcus, can you fix the login bug before Wednesday?
Marcus|en-us+m3|170|30|Yes, I will fix it before Wednesday and add a regression test.
Priya|en-gb+f3|140|60|And I will send the revised budget to the team by Friday.
Alex|en-us|155|45|Thanks, Priya. I will update the project roadmap and share it with the design team by Thursday.
Marcus|en-us+m3|170|30|Um, one open question. Do we still need to support the old mobile app after the launch?
Alex|en-us|155|45|Good question. I don't know yet. Let's ask the product manager and decide next week.
Priya|en-gb+f3|150|60|So, yeah, I think that is it for me.
Alex|en-us|155|45|Alright, thanks everyone. See you tomorrow.
EOF
)
: > "$SAMPLES/standup.txt"
parts=()
i=0
sox -n -r 16000 -c 1 -b 16 "$TMP/gap.wav" trim 0 0.7
while IFS='|' read -r speaker voice speed pitch text; do
  printf '%s: %s\n' "$speaker" "$text" >> "$SAMPLES/standup.txt"
  say "$voice" "$speed" "$pitch" "$text" "$TMP/turn$i.wav"
  [ "$i" -gt 0 ] && parts+=("$TMP/gap.wav")
  parts+=("$TMP/turn$i.wav")
  i=$((i + 1))
done <<< "$SCRIPT"
sox "${parts[@]}" "$TMP/standup_speech.wav" pad 0.5 0.5
standup_len=$(soxi -D "$TMP/standup_speech.wav")
room_noise "$standup_len" "$TMP/standup_noise.wav"
sox -m -v 1 "$TMP/standup_noise.wav" -v 1 "$TMP/standup_speech.wav" -b 16 "$TMP/standup.wav"
to_opus "$TMP/standup.wav" "$SAMPLES/standup.ogg" 24k

ls -l "$DATA" "$SAMPLES"
