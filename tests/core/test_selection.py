"""Pack discovery and selection: --model-pack, the selector filters, and --list-packs."""

from __future__ import annotations

from pathlib import Path

import pytest
from packkit import ENHANCE_AND_VAD, is_contract_item, write_pack

from pytest_audiocontract.packs.discovery import PackNotFound, resolve
from pytest_audiocontract.packs.selection import (
    PackFilter,
    discovered_specs,
    get_ci_safe_models,
    get_models_by_runtime,
    get_streaming_models,
    list_models_by_filter,
)
from pytest_audiocontract.spec.model import PackSpec

ENHANCE_RULES = 6  # returns_result_type, finite_outputs, deterministic + 3 enhance rules
VAD_RULES = 6


def spec(
    pack_id: str,
    *,
    surfaces: tuple[str, ...] = ("enhance",),
    runtime: str = "numpy",
    devices: tuple[str, ...] = ("cpu",),
    ci: bool = True,
    variants: tuple[str, ...] = ("default",),
    variant_runtimes: dict[str, str] | None = None,
) -> PackSpec:
    return PackSpec(
        id=pack_id,
        name=pack_id,
        adapter_module="adapter",
        adapter_factory="load",
        runtime=runtime,
        devices=devices,
        ci=ci,
        variants=variants,
        surfaces={s: {} for s in surfaces},
        claims=(),
        root=Path("/packs") / pack_id,
        claims_file=Path("/packs") / pack_id / "claims.yaml",
        environment=runtime,
        variant_runtimes=variant_runtimes or {},
    )


# ---- PackFilter, alone -------------------------------------------------------------------

NUMPY_ENHANCE = spec("a")
ONNX_BOTH = spec("b", surfaces=("enhance", "vad"), runtime="onnx", devices=("cpu", "cuda"), ci=False)
GPU_ONLY = spec("c", surfaces=("asr",), runtime="pytorch", devices=("cuda",))
TWO_RUNTIMES = spec(
    "d",
    surfaces=("music_transcription",),
    runtime="onnx",
    variants=("onnx", "tf"),
    variant_runtimes={"tf": "tensorflow"},
)
ALL = [NUMPY_ENHANCE, ONNX_BOTH, GPU_ONLY, TWO_RUNTIMES]


def accepted(pack_filter: PackFilter) -> list[str]:
    return [s.id for s in ALL if pack_filter.accepts(s)]


def test_empty_filter_accepts_every_pack() -> None:
    assert accepted(PackFilter()) == ["a", "b", "c", "d"]


def test_filter_by_surface_runtime_device_and_ci() -> None:
    assert accepted(PackFilter(surfaces=("vad",))) == ["b"]
    assert accepted(PackFilter(surfaces=("vad", "asr"))) == ["b", "c"]
    assert accepted(PackFilter(runtimes=("onnx",))) == ["b", "d"]
    assert accepted(PackFilter(runtimes=("tensorflow",))) == ["d"]  # a variant's runtime counts
    assert accepted(PackFilter(devices=("cuda",))) == ["b", "c"]
    assert accepted(PackFilter(ci_only=True)) == ["a", "c", "d"]
    assert accepted(PackFilter(surfaces=("enhance",), ci_only=True)) == ["a"]


def test_surfaces_of_keeps_only_the_asked_surfaces() -> None:
    assert PackFilter().surfaces_of(ONNX_BOTH) == ["enhance", "vad"]
    assert PackFilter(surfaces=("vad",)).surfaces_of(ONNX_BOTH) == ["vad"]


def test_variants_default_to_the_first_and_follow_the_runtime_filter() -> None:
    assert PackFilter().variants_of(TWO_RUNTIMES) == ["onnx"]
    assert PackFilter(variants=("tf",)).variants_of(TWO_RUNTIMES) == ["tf"]
    assert PackFilter(variants=("all",)).variants_of(TWO_RUNTIMES) == ["onnx", "tf"]
    assert PackFilter(variants=("all",), runtimes=("tensorflow",)).variants_of(TWO_RUNTIMES) == ["tf"]
    assert PackFilter(variants=("nope",)).variants_of(TWO_RUNTIMES) == []
    # under --runtime alone, the first variant on that runtime (the tensorflow env runs tf)
    assert PackFilter(runtimes=("tensorflow",)).variants_of(TWO_RUNTIMES) == ["tf"]
    assert PackFilter(runtimes=("onnx",)).variants_of(TWO_RUNTIMES) == ["onnx"]


def test_devices_default_to_cpu_where_a_pack_has_it() -> None:
    assert PackFilter().devices_of(ONNX_BOTH) == ["cpu"]
    assert PackFilter().devices_of(GPU_ONLY) == ["cuda"]
    assert PackFilter(devices=("cuda", "cpu")).devices_of(ONNX_BOTH) == ["cpu", "cuda"]


def test_seed_selector_call() -> None:
    assert [s.id for s in list_models_by_filter(ALL, surface="enhance")] == ["a", "b"]
    assert [s.id for s in list_models_by_filter(ALL, ci=False)] == ["b"]
    assert [s.id for s in list_models_by_filter(ALL, runtime="pytorch", ci=True)] == ["c"]


def test_seed_selector_helpers_on_given_specs() -> None:
    streaming = spec("s", surfaces=("asr", "asr_stream"), ci=False)
    specs = [*ALL, streaming]
    assert [s.id for s in get_streaming_models(specs)] == ["s"]
    assert [s.id for s in get_ci_safe_models(specs)] == [s.id for s in specs if s.ci]
    assert [s.id for s in get_models_by_runtime("pytorch", specs)] == [
        s.id for s in list_models_by_filter(specs, runtime="pytorch")
    ]


def test_seed_selector_reads_the_packs_itself_without_specs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no model_packs/ here: the project's own are read
    ids = [s.id for s in discovered_specs()]
    assert {"reference_diarize", "dvector_diarize", "silero_vad"} <= set(ids)
    assert len(ids) == len(set(ids))
    assert {"whisper_streaming", "reference_asr_stream"} <= {s.id for s in get_streaming_models()}
    assert all("asr_stream" in s.surfaces for s in get_streaming_models())
    assert all(s.ci for s in get_ci_safe_models())
    assert "reference_diarize" in {s.id for s in get_models_by_runtime("numpy")}
    assert "dvector_diarize" in {s.id for s in list_models_by_filter(surface="diarize")}


# ---- resolve(), alone ----------------------------------------------------------------------


def test_resolve_ids_paths_and_all(tmp_path: Path) -> None:
    packs = tmp_path / "packs"
    alpha, beta = write_pack(packs, "alpha"), write_pack(packs, "beta")
    outside = write_pack(tmp_path / "elsewhere", "gamma")
    assert resolve(["beta", "alpha"], [packs], tmp_path) == [beta.resolve(), alpha.resolve()]
    assert resolve(["elsewhere/gamma"], [packs], tmp_path) == [outside.resolve()]
    assert resolve(["all", "alpha"], [packs], tmp_path) == [alpha.resolve(), beta.resolve()]
    with pytest.raises(PackNotFound) as info:
        resolve(["alpah"], [packs], tmp_path)
    assert "Did you mean alpha?" in str(info.value)
    assert "Known packs: alpha, beta" in str(info.value)


def test_resolve_a_folder_without_claims(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(PackNotFound, match=r"has no claims\.yaml"):
        resolve(["empty"], [tmp_path], tmp_path)


# ---- end to end ----------------------------------------------------------------------------


@pytest.fixture
def packs(pytester: pytest.Pytester) -> Path:
    """model_packs/ under pytester's rootdir: alpha, beta (two surfaces), gamma (variants)."""
    root = pytester.path / "model_packs"
    write_pack(root, "alpha")
    write_pack(
        root,
        "beta",
        ENHANCE_AND_VAD,
        surfaces="enhance: {}\nvad: {}",
        runtime="onnx",
        devices="[cpu, cuda]",
        ci="false",
    )
    write_pack(root, "gamma", runtime="native", variants="[small, large]")
    return root


def collected(pytester: pytest.Pytester, *args: str) -> list[str]:
    """The contract items collected (a pack may have other items: claims, docs checks)."""
    result = pytester.runpytest("--collect-only", "-q", "-p", "no:cacheprovider", *args)
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    return [line for line in result.outlines if "::" in line and is_contract_item(line)]


def packs_in(ids: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for nodeid in ids:
        label = nodeid.rsplit("[", 1)[1].rstrip("]")
        counts[label] = counts.get(label, 0) + 1
    return counts


def test_model_pack_by_id(pytester: pytest.Pytester, packs: Path) -> None:
    ids = collected(pytester, "--model-pack", "alpha")
    assert packs_in(ids) == {"alpha": ENHANCE_RULES}
    assert all(i.startswith("model_packs/alpha/claims.yaml::enhance::") for i in ids)


def test_model_pack_by_folder_path(pytester: pytest.Pytester, packs: Path) -> None:
    outside = write_pack(pytester.path / "elsewhere", "delta")
    assert packs_in(collected(pytester, f"--model-pack={outside}")) == {"delta": ENHANCE_RULES}
    assert packs_in(collected(pytester, "--model-pack=elsewhere/delta")) == {"delta": ENHANCE_RULES}


def test_model_pack_all_and_repeated(pytester: pytest.Pytester, packs: Path) -> None:
    every = {"alpha": ENHANCE_RULES, "beta": ENHANCE_RULES + VAD_RULES, "gamma": ENHANCE_RULES}
    assert packs_in(collected(pytester, "--model-pack", "all")) == every
    assert packs_in(collected(pytester, "--model-pack", "alpha", "--model-pack", "gamma")) == {
        "alpha": ENHANCE_RULES,
        "gamma": ENHANCE_RULES,
    }


def test_model_pack_from_pack_path(pytester: pytest.Pytester, packs: Path) -> None:
    write_pack(pytester.path / "more", "epsilon")
    ids = collected(pytester, "--pack-path", "more", "--model-pack", "epsilon")
    assert packs_in(ids) == {"epsilon": ENHANCE_RULES}


def test_unknown_pack_is_a_usage_error(pytester: pytest.Pytester, packs: Path) -> None:
    result = pytester.runpytest("-p", "no:cacheprovider", "--model-pack", "alpah")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    error = result.stderr.str()
    assert "--model-pack alpah: no pack with that id" in error
    assert "Did you mean alpha?" in error
    assert "Known packs: alpha, beta, gamma" in error


def test_filters_end_to_end(pytester: pytest.Pytester, packs: Path) -> None:
    run = ["--model-pack", "all"]
    assert packs_in(collected(pytester, *run, "--surface", "vad")) == {"beta": VAD_RULES}
    assert packs_in(collected(pytester, *run, "--runtime", "native")) == {"gamma": ENHANCE_RULES}
    assert packs_in(collected(pytester, *run, "--ci-only")) == {
        "alpha": ENHANCE_RULES,
        "gamma": ENHANCE_RULES,
    }
    assert packs_in(collected(pytester, *run, "--device", "cuda")) == {
        "beta-default-cuda": ENHANCE_RULES + VAD_RULES
    }
    assert packs_in(collected(pytester, *run, "--runtime", "native", "--variant", "large")) == {
        "gamma-large-cpu": ENHANCE_RULES
    }
    assert packs_in(collected(pytester, *run, "--runtime", "native", "--variant", "all")) == {
        "gamma": ENHANCE_RULES,
        "gamma-large-cpu": ENHANCE_RULES,
    }


def test_a_folder_of_packs_is_collected_without_model_pack(pytester: pytest.Pytester, packs: Path) -> None:
    assert packs_in(collected(pytester, "model_packs")) == {
        "alpha": ENHANCE_RULES,
        "beta": ENHANCE_RULES + VAD_RULES,
        "gamma": ENHANCE_RULES,
    }
    assert packs_in(collected(pytester, "model_packs", "--surface", "vad")) == {"beta": VAD_RULES}


def test_list_packs_prints_the_table(pytester: pytest.Pytester, packs: Path) -> None:
    result = pytester.runpytest("-p", "no:cacheprovider", "--list-packs", "--model-pack", "all")
    assert result.ret == 0
    header, *rows = [line.split() for line in result.outlines if line.strip()]
    assert header == ["id", "surfaces", "runtime", "devices", "ci", "environment", "status", "weights"]
    assert rows == [
        ["alpha", "enhance", "numpy", "cpu", "yes", "core", "installed"],
        ["beta", "enhance,vad", "onnx", "cpu,cuda", "no", "onnx", "installed"],
        ["gamma", "enhance", "native", "cpu", "yes", "native", "installed"],
    ]
    filtered = pytester.runpytest("-p", "no:cacheprovider", "--list-packs", "--surface", "vad")
    assert [line.split()[0] for line in filtered.outlines[1:] if line.strip()] == ["beta"]
