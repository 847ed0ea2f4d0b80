"""Pipelines on the numpy reference packs: flow, validation errors, artefacts, as a model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pytest_audiocontract.pipelines import (
    PipelineError,
    PipelineStepError,
    load_pipeline,
    pipeline_as_model,
    run_pipeline,
)
from pytest_audiocontract.types import Diarization, Enhanced, SpeechRegions, Stems, Transcript

PACKS = Path(__file__).resolve().parents[2] / "model_packs"
SR = 16000


def _write(tmp_path: Path, steps: str, name: str = "p") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"name: {name}\nsteps:\n{steps}", encoding="utf-8")
    return path


def _tone(hz: float, seconds: float, sr: int = SR) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (0.5 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def test_separate_stem_feeds_the_next_step(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "  - {id: split, pack: reference_separate, surface: separate, "
        "stem: low}\n  - {id: gate, pack: reference_enhance, surface: "
        "enhance}\n",
    )
    mixture = _tone(300, 1.0) + _tone(3000, 1.0)
    result = run_pipeline(path, mixture, SR)
    stems = result.artifacts["split"]
    assert isinstance(stems, Stems) and isinstance(result.final, Enhanced)
    assert list(result.artifacts) == ["split", "gate"]
    # The band splitter's low stem is the 300 Hz tone alone: no energy left near 3 kHz.
    spectrum = np.abs(np.fft.rfft(stems.stems["low"]))
    freqs = np.fft.rfftfreq(mixture.size, 1 / SR)
    assert spectrum[np.abs(freqs - 3000) < 50].max() < 1e-3 * spectrum.max()
    assert result.final.audio.size == mixture.size and result.final.sr == SR


def test_vad_regions_are_transcribed_one_by_one(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "  - {id: vad, pack: reference_vad, surface: vad}\n"
        "  - {id: asr, pack: reference_asr, surface: asr}\n",
    )
    gap = np.zeros(SR, np.float32)
    audio = np.concatenate([gap, _tone(440, 0.5), gap, _tone(440, 0.5), gap])
    pipeline = load_pipeline(path, [PACKS])
    result = pipeline.run(audio, SR)
    regions = result.artifacts["vad"]
    assert isinstance(regions, SpeechRegions) and len(regions.regions) == 2
    model = pipeline.model(pipeline.steps[1])
    expected = []
    for start, end in regions.regions:
        part = model.transcribe(audio[int(np.floor(start * SR)) : int(np.ceil(end * SR))], SR)
        expected.append(part.text)
    final = result.final
    assert isinstance(final, Transcript)
    assert final.text == " ".join(t for t in expected if t)
    for segment, (start, end) in zip(final.segments, regions.regions, strict=True):
        assert start - 0.01 <= segment.start <= segment.end <= end + 0.01


def test_diarized_turns_are_transcribed_one_by_one_with_their_speaker(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "  - {id: who, pack: reference_diarize, surface: diarize}\n"
        "  - {id: asr, pack: reference_asr, surface: asr}\n",
    )
    gap = np.zeros(SR, np.float32)
    # Two "voices": a low and a high harmonic buzz, far apart in pitch and spectrum.
    low, high = _buzz(110, 1.5), _buzz(240, 1.5)
    audio = np.concatenate([gap, low, gap, high, gap, low, gap])
    pipeline = load_pipeline(path, [PACKS])
    result = pipeline.run(audio, SR)
    turns = result.artifacts["who"]
    assert isinstance(turns, Diarization) and len({t.speaker for t in turns.turns}) == 2
    final = result.final
    assert isinstance(final, Transcript) and final.segments
    model = pipeline.model(pipeline.steps[1])
    expected = []
    for turn in turns.turns:
        part = model.transcribe(audio[int(np.floor(turn.start * SR)) : int(np.ceil(turn.end * SR))], SR)
        expected += [(turn.speaker, part.text)] if part.text else []
    assert final.text == " ".join(text for _, text in expected)
    for segment in final.segments:
        owner = [t for t in turns.turns if t.start - 0.01 <= segment.start <= segment.end <= t.end + 0.01]
        assert [t.speaker for t in owner] == [segment.speaker]


def _buzz(hz: float, seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    wave = sum(np.sin(2 * np.pi * k * hz * t) / k for k in range(1, 8))
    return (0.3 * wave / np.max(np.abs(wave))).astype(np.float32)


def test_models_load_once_per_pipeline(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "  - {id: a, pack: reference_enhance, surface: enhance}\n"
        "  - {id: b, pack: reference_enhance, surface: enhance}\n"
        "  - {id: c, pack: reference_asr, surface: asr}\n",
    )
    pipeline = load_pipeline(path, [PACKS])
    pipeline.run(_tone(440, 0.3), SR)
    pipeline.run(_tone(880, 0.3), SR)
    assert len(pipeline._models) == 2
    assert pipeline.model(pipeline.steps[0]) is pipeline.model(pipeline.steps[1])


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        (
            "  - {id: a, pack: reference_separate, surface: separate}\n"
            "  - {id: b, pack: reference_asr, surface: asr}\n",
            "step 'b' (reference_asr/asr) takes audio, but step 'a' (reference_separate/separate) "
            "gives Stems; add `stem: NAME` to step 'a'",
        ),
        (
            "  - {id: a, pack: reference_separate, surface: separate, stem: vocals}\n"
            "  - {id: b, pack: reference_asr, surface: asr}\n",
            "stem='vocals', but pack 'reference_separate' declares stems low, high",
        ),
        (
            "  - {id: a, pack: reference_asr, surface: asr}\n"
            "  - {id: b, pack: reference_enhance, surface: enhance}\n",
            "gives Transcript; a asr step gives a final result: make it the last step",
        ),
        (
            "  - {id: a, pack: reference_vad, surface: vad}\n"
            "  - {id: b, pack: reference_enhance, surface: enhance}\n",
            "speech regions feed only an asr step",
        ),
        (
            "  - {id: a, pack: reference_diarize, surface: diarize}\n"
            "  - {id: b, pack: reference_enhance, surface: enhance}\n",
            "speaker turns feed only an asr step",
        ),
        (
            "  - {id: a, pack: reference_enhance, surface: enhance}\n"
            "  - {id: b, pack: reference_tts, surface: tts}\n",
            "takes text, but step 'a' (reference_enhance/enhance) gives audio; make tts the first",
        ),
        (
            "  - {id: a, pack: reference_asr, surface: enhance}\n",
            "step 'a' (reference_asr/enhance): pack 'reference_asr' does not declare surface",
        ),
        (
            "  - {id: a, pack: no_such_pack, surface: asr}\n",
            "step 'a' (no_such_pack/asr): --model-pack no_such_pack: no pack with that id",
        ),
        (
            "  - {id: a, pack: reference_asr, surface: asr, variant: large}\n",
            "variant='large', but pack 'reference_asr' offers default",
        ),
    ],
)
def test_invalid_chains_name_step_pack_and_surface(tmp_path: Path, steps: str, expected: str) -> None:
    path = _write(tmp_path, steps)
    with pytest.raises(PipelineError) as info:
        load_pipeline(path, [PACKS])
    assert expected in str(info.value)
    assert str(path) in str(info.value)


def test_schema_problems_carry_lines(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: bad\nsteps:\n  - id: a\n    pack: reference_asr\n    surface: asr\n"
        "    colour: blue\nclaims:\n  - {metric: wer, max: 0.3}\n"
        "  - {metric: rtf, max: 1, min: 0}\n",
        encoding="utf-8",
    )
    with pytest.raises(PipelineError) as info:
        load_pipeline(path, [PACKS])
    lines = [str(p) for p in info.value.problems]
    assert f"{path}:6: steps[0].colour: unknown key" in lines[0]
    assert any(f"{path}:8: claims[0].dataset: wer needs reference data" in x for x in lines)
    assert any("claims[1]: has max and min" in x for x in lines)


def test_claims_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "name: c\nsteps:\n  - {id: a, pack: reference_asr, surface: asr}\n"
        "claims:\n  - {metric: wer, dataset: speech_en, max: 0.5}\n",
        encoding="utf-8",
    )
    claim = load_pipeline(path, [PACKS]).spec.claims[0]
    assert (claim.metric, claim.bound, claim.value, claim.dataset) == ("wer", "max", 0.5, "speech_en")


def test_a_failing_step_is_named(tmp_path: Path) -> None:
    pack = tmp_path / "packs" / "boom"
    pack.mkdir(parents=True)
    (pack / "claims.yaml").write_text(
        "id: boom\nname: Boom\nadapter: adapter:load\n"
        "runtime: numpy\ndevices: [cpu]\nci: true\n"
        "surfaces:\n  enhance: {}\n",
        encoding="utf-8",
    )
    (pack / "adapter.py").write_text(
        "class Boom:\n    def enhance(self, audio, sr):\n"
        "        raise OSError('device busy')\n\n"
        "def load(variant, device):\n    return Boom()\n",
        encoding="utf-8",
    )
    path = _write(
        tmp_path,
        "  - {id: gate, pack: reference_enhance, surface: enhance}\n"
        "  - {id: bang, pack: boom, surface: enhance}\n",
    )
    pipeline = load_pipeline(path, [tmp_path / "packs", PACKS])
    with pytest.raises(
        PipelineStepError,
        match=r"step 'bang' \(boom/enhance\) raised "
        r"OSError: device busy",
    ):
        pipeline.run(_tone(440, 0.1), SR)


def test_tts_first_takes_text(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "  - {id: say, pack: reference_tts, surface: tts}\n"
        "  - {id: hear, pack: reference_asr, surface: asr}\n",
    )
    pipeline = load_pipeline(path, [PACKS])
    assert pipeline.takes_text
    result = pipeline.run(text="abc")
    assert isinstance(result.final, Transcript)
    with pytest.raises(ValueError, match="starts with tts"):
        pipeline.run(_tone(440, 0.1), SR)


def test_pipeline_as_model_offers_the_final_method(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "  - {id: gate, pack: reference_enhance, surface: enhance}\n"
        "  - {id: asr, pack: reference_asr, surface: asr}\n",
    )
    pipeline = load_pipeline(path, [PACKS])
    model = pipeline_as_model(pipeline)
    audio = _tone(440, 0.5)
    assert model.transcribe(audio, SR) == pipeline.run(audio, SR).final
    with pytest.raises(AttributeError, match="offers transcribe"):
        model.enhance  # noqa: B018


def test_pipeline_as_model_lists_its_method_for_the_isolation_worker(tmp_path: Path) -> None:
    """--isolate's worker offers the methods dir() finds (the benchmarks' memory probe runs
    the model there): a pipeline pack's method must be among them."""
    from pytest_audiocontract.isolation.worker import surface_facts

    path = _write(tmp_path, "  - {id: asr, pack: reference_asr, surface: asr}\n")
    model = pipeline_as_model(load_pipeline(path, [PACKS]))
    assert "transcribe" in surface_facts(model)["methods"]


def test_shipped_pipeline_files_are_valid() -> None:
    config = Path(__file__).resolve().parents[2] / "config" / "pipelines"
    names = sorted(p.stem for p in config.glob("*.yaml"))
    assert names == [
        "diarize_asr",
        "enhance_asr",
        "separate_target_asr",
        "separate_transcribe",
        "sortformer_parakeet",
        "vad_asr",
    ]
    for name in names:
        assert load_pipeline(config / f"{name}.yaml", [PACKS]).name == name


def test_a_pipeline_file_is_read_with_the_claims_bounds(tmp_path: Path) -> None:
    """Duplicate keys and non-UTF-8 bytes are the file's own problems (issue 12)."""
    path = _write(tmp_path, "  - {id: a, pack: reference_asr, surface: asr}\n")
    path.write_text(path.read_text() + "name: again\n", encoding="utf-8")
    with pytest.raises(PipelineError) as info:
        load_pipeline(path, [PACKS])
    assert [(p.line, p.key) for p in info.value.problems] == [(4, "name")]
    path.write_bytes(b"name: caf\xe9\nsteps: []\n")
    with pytest.raises(PipelineError, match="is not UTF-8"):
        load_pipeline(path, [PACKS])
