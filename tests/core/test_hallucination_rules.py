"""The hallucination rules' inputs, opt-outs and skips (their failures: tests/contracts)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import numpy as np
import pytest

from pytest_audiocontract.audio.fixture_audio import FixtureSpec, non_speech_specs, speech_specs
from pytest_audiocontract.audio.strategies import AudioCase
from pytest_audiocontract.contracts import rules_for
from pytest_audiocontract.contracts.cases import StreamCase, encode_case
from pytest_audiocontract.contracts.replay import decode_case
from pytest_audiocontract.contracts.replay_file import ReplayFileError, read_replay_file
from pytest_audiocontract.contracts.rules import random_weights_reason
from pytest_audiocontract.errors import ClaimsError
from pytest_audiocontract.opt_outs import OPT_OUT_RULES
from pytest_audiocontract.spec.loader import load_pack_spec

REPO = Path(__file__).resolve().parents[2]


def test_both_asr_surfaces_have_every_opt_out_rule() -> None:
    for surface in ("asr", "asr_stream"):
        names = {r.name for r in rules_for(surface)}
        assert set(OPT_OUT_RULES) <= names
        assert all(r.judges_behaviour for r in rules_for(surface) if r.name in OPT_OUT_RULES)
    assert "silence_gives_empty_text" in {r.name for r in rules_for("asr_stream")}


def test_fixture_inputs_scale_pad_and_exclude_speech() -> None:
    speech = {s.item: s for s in speech_specs()}
    assert len(speech) == 12
    base = speech["alsa_front_left"]
    plain = AudioCase.of(base).audio
    half = AudioCase.of(base.scaled(0.5)).audio
    padded = AudioCase.of(base.padded(0.5, 0.25)).audio
    np.testing.assert_array_equal(half, plain * np.float32(0.5))
    assert padded.size == plain.size + 8000 + 4000 == base.padded(0.5, 0.25).n_samples
    assert not padded[:8000].any() and not padded[-4000:].any()
    np.testing.assert_array_equal(padded[8000:-4000], plain)
    assert "gain 0.5" in base.scaled(0.5).describe()
    sounds = {(s.dataset, s.item) for s in non_speech_specs()}
    assert ("events", "event_camera") in sounds and ("melodies", "melody_0001") in sounds
    assert ("events", "event_speech") not in sounds


def _replay_file(folder: Path, case: object, wav: bool = True) -> Path:
    record = {
        "nodeid": "x::asr_stream::stable_under_gain[p]",
        "pack": "p",
        "pack_root": str(folder),
        "variant": "default",
        "device": "cpu",
        "surface": "asr_stream",
        "rule": "stable_under_gain",
        "case": encode_case(case),
        **({"wav": "x.wav"} if wav else {}),
    }
    path = folder / "x.json"
    path.write_text(json.dumps(record))
    return path


def test_a_fixture_input_round_trips_through_a_replay_file(tmp_path: Path) -> None:
    from pytest_audiocontract.audio.io import write_audio

    spec = speech_specs()[0].padded(0.5, 0.5).scaled(0.5)
    case = StreamCase(AudioCase.of(spec), 2560)
    write_audio(tmp_path / "x.wav", case.audio.audio, spec.sr)
    again = decode_case(read_replay_file(_replay_file(tmp_path, case)))
    assert again == case and isinstance(again.audio.spec, FixtureSpec)
    np.testing.assert_allclose(again.audio.audio, case.audio.audio, atol=1 / 32768)
    # without the WAV, the fixture file is read again
    rebuilt = decode_case(read_replay_file(_replay_file(tmp_path, case, wav=False)))
    np.testing.assert_array_equal(rebuilt.audio.audio, case.audio.audio)


@pytest.mark.parametrize(
    "change, key",
    [
        ({"dataset": "../../etc"}, "fixture.dataset"),
        ({"file": "../../../etc/passwd"}, "fixture.file"),
        ({"gain": float("inf")}, "fixture.gain"),
        ({"base_samples": -1}, "fixture.base_samples"),
    ],
)
def test_a_replay_file_with_a_bad_fixture_names_the_key(
    tmp_path: Path, change: dict[str, object], key: str
) -> None:
    case = AudioCase.of(speech_specs()[0])
    path = _replay_file(tmp_path, case, wav=False)
    record = json.loads(path.read_text())
    record["case"]["fixture"].update(change)
    path.write_text(json.dumps(record))
    with pytest.raises(ReplayFileError, match=key.replace(".", r"\.")):
        read_replay_file(path)


def test_random_weight_variants_skip_the_behaviour_rules() -> None:
    spec = load_pack_spec(REPO / "model_packs" / "moonshine")
    assert "variant random has random weights" in str(random_weights_reason(spec, "random"))
    assert random_weights_reason(spec, "real") is None
    assert random_weights_reason(load_pack_spec(REPO / "model_packs" / "pocketsphinx"), "en_us") is None


def _pack(root: Path, opt_out: str) -> Path:
    root.mkdir()
    (root / "adapter.py").write_text("def load(variant, device):\n    raise NotImplementedError\n")
    (root / "claims.yaml").write_text(
        textwrap.dedent(
            """\
            id: opting
            name: opting out
            adapter: adapter:load
            runtime: numpy
            devices: [cpu]
            ci: true
            surfaces:
              asr:
                sample_rate: 16000
                opt_out:
            """
        )
        + textwrap.indent(opt_out, "      ")
    )
    return root


def test_an_unknown_opt_out_names_file_line_and_key(tmp_path: Path) -> None:
    with pytest.raises(ClaimsError) as info:
        load_pack_spec(_pack(tmp_path / "p", "no_text_on_noise: it hums\n"))
    message = str(info.value)
    assert "claims.yaml" in message and "opt_out" in message and "no_text_on_noise" in message


def test_an_opt_out_needs_a_reason(tmp_path: Path) -> None:
    with pytest.raises(ClaimsError, match="opt_out"):
        load_pack_spec(_pack(tmp_path / "p", "stable_under_gain: ''\n"))


def test_an_opt_out_skips_its_rule_with_the_reason(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess(
        f"--model-pack={REPO / 'model_packs' / 'reference_asr'}",
        "--contracts-only",
        "-p",
        "no:cacheprovider",
        "-k",
        "no_text_on_non_speech or words_per_second_ceiling",
        "-rs",
    )
    result.assert_outcomes(passed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*asr::no_text_on_non_speech does not apply: the pack opts out (no_text_on_non_speech): "
            "names every burst*"
        ]
    )
