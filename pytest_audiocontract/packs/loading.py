"""Import a pack's adapter module and call its factory, turning failures into named errors.

Each pack's module is imported as a submodule of a synthetic package named after the pack, so
adapters can use relative imports (`from .policy import ...`) and two packs may both have an
`adapter.py` without clashing.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import traceback
import types
from collections.abc import Callable
from typing import Any

from pytest_audiocontract.errors import MissingRequirement, MissingWeights, PackLoadError
from pytest_audiocontract.packs.readiness import Blocker, blocker_of
from pytest_audiocontract.packs.requirements import install_hint, missing_requirements
from pytest_audiocontract.spec.model import PackSpec

_PACKAGE_PREFIX = "_audiocontract_packs"


def load_model(spec: PackSpec, variant: str, device: str) -> object:
    """Return the model object of `spec` for (variant, device).

    Raises MissingRequirement when something the pack needs is not installed (a skip, not a
    failure) and PackLoadError when its code fails.
    """
    blocker = blocker_of(spec, variant)
    missing = missing_requirements(spec)
    if missing:
        raise MissingRequirement(
            f"pack {spec.id!r} needs {', '.join(missing)} (from its {_sources(spec, missing)}), which is "
            f"not installed: {install_hint(spec, variant)}",
            blocker=blocker,
        )
    if blocker is not None and blocker.cause.startswith("needs "):  # an unset secret
        raise MissingRequirement(
            f"pack {spec.id!r} {blocker.cause} (claims.yaml secrets:), not set here: set it ({blocker.fix})",
            blocker=blocker,
        )
    factory = import_factory(spec)
    try:
        return factory(variant, device)
    except MissingRequirement as exc:
        if exc.blocker is None and blocker is not None:
            exc.blocker = blocker  # the weights the adapter found missing: the same cause
        if isinstance(exc, MissingWeights) or "tox -e" in str(exc):
            raise
        # The adapter's own message says what to install; add where it is installed already.
        env = spec.environment_of(variant)
        raise MissingRequirement(
            f"{exc} (or run it in its tox environment: tox -e {env})",
            blocker=exc.blocker or Blocker("needs what its adapter names", str(exc), f"tox -e {env}"),
        ) from exc
    except ModuleNotFoundError as exc:
        raise MissingRequirement(
            _missing_module_message(spec, exc, variant),
            blocker=Blocker(
                f"{spec.runtime_of(variant)} stack not installed",
                f"needs module {exc.name}",
                f"tox -e {spec.environment_of(variant)}",
            ),
        ) from exc
    except Exception as exc:
        raise PackLoadError(
            f"pack {spec.id!r}: {spec.adapter_module}:{spec.adapter_factory}({variant!r}, "
            f"{device!r}) raised {type(exc).__name__}: {exc}\n{_adapter_traceback(exc)}"
        ) from exc


def _sources(spec: PackSpec, missing: list[str]) -> str:
    """Where the missing requirements are declared: claims.yaml's `install:`, requirements.txt."""
    no_deps = [m for m in missing if m in spec.install]
    where = ["claims.yaml install:"] if no_deps else []
    return " and ".join([*where, "requirements.txt"] if len(no_deps) < len(missing) else where)


def import_factory(spec: PackSpec) -> Callable[[str, str], Any]:
    package = f"{_PACKAGE_PREFIX}.{spec.id}"
    _ensure_package(package, spec)
    name = f"{package}.{spec.adapter_module}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith(_PACKAGE_PREFIX):
            raise PackLoadError(
                f"pack {spec.id!r}: adapter module {spec.adapter_module!r} not found in {spec.root}"
            ) from exc
        raise MissingRequirement(_missing_module_message(spec, exc)) from exc
    except Exception as exc:
        raise PackLoadError(
            f"pack {spec.id!r}: importing {spec.root / spec.adapter_module}.py raised "
            f"{type(exc).__name__}: {exc}\n{_adapter_traceback(exc)}"
        ) from exc
    factory = getattr(module, spec.adapter_factory, None)
    if not callable(factory):
        raise PackLoadError(
            f"pack {spec.id!r}: {spec.adapter_module}.py has no callable "
            f"{spec.adapter_factory!r}; claims.yaml says adapter: "
            f"{spec.adapter_module}:{spec.adapter_factory}"
        )
    return factory  # type: ignore[no-any-return]


def _ensure_package(package: str, spec: PackSpec) -> None:
    if _PACKAGE_PREFIX not in sys.modules:
        root = types.ModuleType(_PACKAGE_PREFIX)
        root.__path__ = []
        sys.modules[_PACKAGE_PREFIX] = root
    existing = sys.modules.get(package)
    if existing is not None and list(getattr(existing, "__path__", [])) == [str(spec.root)]:
        return
    for name in [m for m in sys.modules if m.startswith(f"{package}.")]:
        del sys.modules[name]  # a pack with this id from another folder was loaded before
    module = types.ModuleType(package)
    module.__path__ = [str(spec.root)]
    module.__file__ = None
    sys.modules[package] = module


def _missing_module_message(spec: PackSpec, exc: ModuleNotFoundError, variant: str | None = None) -> str:
    return (
        f"pack {spec.id!r} needs module {exc.name!r}, which is not installed: {install_hint(spec, variant)}"
    )


def _adapter_traceback(exc: BaseException) -> str:
    """The traceback frames inside the pack's own code (the useful part for its author)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "pytest_audiocontract" not in f.filename]
    return "".join(traceback.format_list(frames[-6:])).rstrip()
