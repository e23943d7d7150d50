#!/bin/sh
# The images' entrypoint: fetch the Whisper model into its folder on the first start only,
# then run the command as this process (exec), so SIGTERM reaches Scribe itself.
#
# SCRIBE_WHISPER_MODEL=/models/large-v3 (a folder named after a faster-whisper size, on a
# volume) is downloaded once if it has no model.bin yet; every later start loads the folder
# and never touches the network. A size name (large-v3) or the bundled tiny.en is left to
# Scribe, and a model baked in at build time (--build-arg WHISPER_MODEL) is already there.
set -eu

model="${SCRIBE_WHISPER_MODEL:-}"
case "$model" in
  /models/*)
    if [ ! -f "$model/model.bin" ]; then
      echo "scribe-entrypoint: fetching Whisper model $(basename "$model") into $model" >&2
      python -c 'import sys; from faster_whisper import download_model
download_model(sys.argv[1], output_dir=sys.argv[2])' "$(basename "$model")" "$model"
    fi
    ;;
  *) ;;
esac

exec "$@"
