"""spec/loader.py: every problem in a claims.yaml is reported with its file, line and key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pytest_audiocontract.errors import ClaimsError, ClaimsProblem
from pytest_audiocontract.spec.loader import load_pack_spec

HEADER = """\
id: demo
name: Demo pack
adapter: adapter:load
runtime: numpy
devices: [cpu]
ci: true
"""  # lines 1-6; a test's own YAML starts on line 7


def write(folder: Path, body: str, *, header: str = HEADER, adapter: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "claims.yaml").write_text(header + textwrap.dedent(body), encoding="utf-8")
    if adapter:
        (folder / "adapter.py").write_text("def load(variant, device):\n    return None\n")
    return folder / "claims.yaml"


def problems_of(folder: Path, body: str, **kwargs: object) -> list[ClaimsProblem]:
    claims_file = write(folder, body, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ClaimsError) as info:
        load_pack_spec(folder)
    for problem in info.value.problems:
        assert problem.file == str(claims_file)
    return info.value.problems


def by_key(problems: list[ClaimsProblem]) -> dict[str, ClaimsProblem]:
    found = {p.key: p for p in problems}
    assert len(found) == len(problems), f"one problem per key expected: {problems}"
    return found


def test_a_valid_file_loads_into_a_pack_spec(tmp_path: Path) -> None:
    write(
        tmp_path,
        """\
        variants: [small, large]
        x_maintainer: someone
        surfaces:
          classify:
            labels: [cat, dog]
            x_note: extension keys are allowed on surfaces too
          embed:
            dim: 8
        claims:
          - metric: rtf
            surface: embed
            max: 0.5
          - metric: top1_accuracy
            surface: classify
            dataset: events
            min: 0.8
            x_origin: measure.py
        """,
    )
    spec = load_pack_spec(tmp_path / "claims.yaml")
    assert (spec.id, spec.runtime, spec.devices, spec.ci) == ("demo", "numpy", ("cpu",), True)
    assert spec.variants == ("small", "large") and spec.default_variant == "small"
    assert spec.surfaces["classify"]["labels"] == ["cat", "dog"]
    assert spec.root == tmp_path.resolve()
    assert [(c.metric, c.bound, c.value, c.line) for c in spec.claims] == [
        ("rtf", "max", 0.5, 16),
        ("top1_accuracy", "min", 0.8, 19),
    ]


def test_malformed_yaml_names_the_line_of_the_syntax_error(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """\
        surfaces:
          enhance:
            sample_rate: 16000
           bad: indentation
        """,
    )
    assert len(problems) == 1
    assert problems[0].line == 10 and problems[0].key == "(yaml)"
    assert "not valid YAML" in problems[0].message
    assert str(problems[0]).startswith(f"{tmp_path / 'claims.yaml'}:10: (yaml): ")


def test_python_tags_are_rejected_not_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    problems = problems_of(
        tmp_path,
        f"""\
        surfaces:
          enhance: {{}}
        x_payload: !!python/object/apply:os.system ["touch {marker}"]
        """,
    )
    assert not marker.exists()
    assert [(p.line, p.key) for p in problems] == [(9, "(yaml)")]
    assert "python/object" in problems[0].message


def test_unknown_surface_suggests_the_close_one(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """\
        surfaces:
          enhanse:
            sample_rate: 16000
        """,
    )
    assert [(p.line, p.key) for p in problems] == [(8, "surfaces.enhanse")]
    assert "did you mean 'enhance'?" in problems[0].message
    assert "asr, asr_stream, classify" in problems[0].message


def test_missing_adapter_module_file(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        "surfaces:\n  enhance: {}\n",
        header=HEADER.replace("adapter:load", "models.wrapper:load"),
        adapter=False,
    )
    assert [(p.line, p.key) for p in problems] == [(3, "adapter")]
    assert str(tmp_path / "models" / "wrapper.py") in problems[0].message


def test_adapter_in_a_subpackage_is_found(tmp_path: Path) -> None:
    write(
        tmp_path,
        "surfaces:\n  enhance: {}\n",
        header=HEADER.replace("adapter:load", "models.wrapper:load"),
        adapter=False,
    )
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "wrapper.py").write_text("")
    assert load_pack_spec(tmp_path).adapter_module == "models.wrapper"


def test_wrong_types_are_all_reported_with_their_lines(tmp_path: Path) -> None:
    header = HEADER.replace("devices: [cpu]", "devices: cpu").replace("ci: true", "ci: maybe")
    problems = by_key(
        problems_of(
            tmp_path,
            """\
        surfaces:
          embed:
            dim: eight
            deterministic: sometimes
        """,
            header=header,
        )
    )
    assert {k: p.line for k, p in problems.items()} == {
        "devices": 5,
        "ci": 6,
        "surfaces.embed.dim": 9,
        "surfaces.embed.deterministic": 10,
    }
    assert "'eight' is not of type 'integer'" in problems["surfaces.embed.dim"].message


def test_missing_required_keys(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, "surfaces:\n  enhance: {}\n", header="id: demo\nadapter: adapter:load\n")
    assert {p.key for p in problems} == {"name", "runtime", "devices", "ci"}
    assert all(p.message == "is required but missing" for p in problems)


def test_bad_id_and_runtime(tmp_path: Path) -> None:
    header = HEADER.replace("id: demo", "id: Demo-Pack").replace("numpy", "pytroch")
    problems = by_key(problems_of(tmp_path, "surfaces:\n  enhance: {}\n", header=header))
    assert problems["id"].line == 1 and "lower-case letters" in problems["id"].message
    assert problems["runtime"].line == 4
    assert "did you mean 'pytorch'?" in problems["runtime"].message


def test_claim_with_both_max_and_min(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """\
        surfaces:
          enhance: {}
        claims:
          - metric: rtf
            surface: enhance
            max: 0.5
            min: 0.1
        """,
    )
    assert [(p.line, p.key) for p in problems] == [(10, "claims[0]")]
    assert "exactly one of `max` or `min`" in problems[0].message


def test_claim_with_neither_max_nor_min(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """\
        surfaces:
          enhance: {}
        claims:
          - metric: rtf
            surface: enhance
        """,
    )
    assert [(p.line, p.key) for p in problems] == [(10, "claims[0]")]


def test_unknown_metric_suggests_the_close_one(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """\
        surfaces:
          asr: {}
        claims:
          - metric: rtf
            surface: asr
            max: 1
          - metric: wur
            surface: asr
            dataset: speech_en
            max: 0.2
        """,
    )
    assert [(p.line, p.key) for p in problems] == [(13, "claims[1].metric")]
    assert "'wur'" in problems[0].message and "did you mean 'wer'?" in problems[0].message


def test_unknown_keys_are_reported_each_and_x_keys_are_allowed(tmp_path: Path) -> None:
    problems = by_key(
        problems_of(
            tmp_path,
            """\
        colour: blue
        x_colour: fine
        surfaces:
          enhance:
            sampel_rate: 16000
            x_sample_note: fine
        flavour: red
        claims:
          - metric: rtf
            surface: enhance
            max: 1
            maximum: 2
        """,
        )
    )
    assert {k: p.line for k, p in problems.items()} == {
        "colour": 7,
        "flavour": 13,
        "surfaces.enhance.sampel_rate": 11,
        "claims[0].maximum": 18,
    }
    assert all("extension keys must start with x_" in p.message for p in problems.values())
    assert "did you mean 'sample_rate'?" in problems["surfaces.enhance.sampel_rate"].message


def test_surface_facts_each_surface_needs(tmp_path: Path) -> None:
    problems = by_key(
        problems_of(
            tmp_path,
            """\
        surfaces:
          classify:
            sample_rate: 16000
          embed: {}
          separate:
          enhance: {}
        """,
        )
    )
    assert {k: p.line for k, p in problems.items()} == {
        "surfaces.classify": 8,
        "surfaces.embed": 10,
        "surfaces.separate": 11,
    }
    assert "`labels`" in problems["surfaces.classify"].message
    assert "`dim`" in problems["surfaces.embed"].message
    assert "`stems`" in problems["surfaces.separate"].message


def test_labels_file_must_exist_in_the_pack(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """\
        surfaces:
          classify:
            labels: labels.txt
        """,
    )
    assert [(p.line, p.key) for p in problems] == [(9, "surfaces.classify.labels")]
    assert "'labels.txt'" in problems[0].message
    (tmp_path / "labels.txt").write_text("cat\ndog\n")
    assert load_pack_spec(tmp_path).facts("classify")["labels"] == "labels.txt"


def test_claims_that_do_not_fit_the_pack_are_all_reported(tmp_path: Path) -> None:
    problems = by_key(
        problems_of(
            tmp_path,
            """\
        surfaces:
          tts: {}
          vad: {}
        claims:
          - metric: note_f1
            surface: vad
            dataset: melodies
            min: 0.5
          - metric: vad_f1
            surface: vad
            min: 0.5
          - metric: rtf
            surface: enhance
            max: 1
          - metric: wer
            surface: tts
            dataset: speech_en
            max: 0.3
          - metric: rtf
            surface: tts
            device: cuda
            variant: large
            max: 1
        """,
        )
    )
    assert {k: p.line for k, p in problems.items()} == {
        "claims[0].metric": 11,  # metric on a surface it cannot apply to
        "claims[1].dataset": 15,  # reference metric without dataset: line of the claim
        "claims[2].surface": 19,  # surface not declared
        "claims[3].via": 21,  # tts wer without `via`
        "claims[4].device": 27,
        "claims[4].variant": 28,
    }
    assert "applies to music_transcription" in problems["claims[0].metric"].message
    assert "needs a reference" in problems["claims[1].dataset"].message
    assert "does not declare" in problems["claims[2].surface"].message
    assert "via: PACK_ID" in problems["claims[3].via"].message


def test_via_only_on_tts_round_trips(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """\
        surfaces:
          asr: {}
        claims:
          - metric: wer
            surface: asr
            dataset: speech_en
            via: other_pack
            max: 0.2
        """,
    )
    assert [(p.line, p.key) for p in problems] == [(13, "claims[0].via")]


def test_collar_and_skip_overlap_only_on_der(tmp_path: Path) -> None:
    problems = problems_of(
        tmp_path,
        """\
        surfaces:
          diarize: {}
          asr: {}
        claims:
          - metric: der
            surface: diarize
            dataset: conversations
            collar: 0.5
            skip_overlap: true
            max: 0.3
          - metric: cpwer
            surface: asr
            dataset: conversations
            collar: 0.5
            max: 0.5
        """,
    )
    assert [(p.line, p.key) for p in problems] == [(20, "claims[1].collar")]
    assert "only applies to der and vad_detection_error_rate claims" in problems[0].message


def test_der_options_reach_the_claim_and_its_label(tmp_path: Path) -> None:
    write(
        tmp_path,
        """\
        surfaces:
          diarize: {}
        claims:
          - metric: der
            surface: diarize
            dataset: conversations
            collar: 0.5
            skip_overlap: true
            max: 0.3
          - metric: der
            surface: diarize
            dataset: conversations
            max: 0.4
        """,
    )
    strict, lenient = load_pack_spec(tmp_path).claims[1], load_pack_spec(tmp_path).claims[0]
    assert (lenient.collar, lenient.skip_overlap, lenient.label()) == (
        0.5,
        True,
        "der,collar=0.5,skip_overlap<=0.3",
    )
    assert (strict.collar, strict.skip_overlap, strict.label()) == (0.0, False, "der<=0.4")


def test_a_tts_round_trip_with_via_is_valid(tmp_path: Path) -> None:
    write(
        tmp_path,
        """\
        surfaces:
          tts: {}
        claims:
          - metric: wer
            surface: tts
            dataset: speech_en
            via: reference_asr
            max: 0.3
        """,
    )
    assert load_pack_spec(tmp_path).claims[0].via == "reference_asr"


@pytest.mark.parametrize("text", ["", "- a\n- list\n", "just a string\n"])
def test_a_file_that_is_not_a_mapping(tmp_path: Path, text: str) -> None:
    with pytest.raises(ClaimsError) as info:
        load_pack_spec(write(tmp_path, text, header=""))
    assert [(p.line, p.key) for p in info.value.problems] == [(1, "(top level)")]


def test_a_missing_file_is_a_claims_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimsError, match="cannot be read"):
        load_pack_spec(tmp_path / "claims.yaml")
