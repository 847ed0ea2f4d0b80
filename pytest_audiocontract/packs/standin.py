"""Import a library whose dependency cannot be imported here, with a pack's stand-in for it.

torchaudio's wheels match one torch release each, and none matches the local CPU torch, so
libraries that import torchaudio at module level (DeepFilterNet, the YAMNet port) fail to
import although they never call what fails. A pack ships a stand-in package (only the names
the library imports) and imports the library through `import_with_standin`: where the real
dependency imports, the library gets it; otherwise the stand-in is on sys.path and in
sys.modules only while the library imports, so the library keeps its references to the
stand-in and no other code in the process sees it.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

# What a wheel built for another torch raises from its C extension, besides ImportError.
_BROKEN_IMPORT = (ImportError, OSError, RuntimeError)


def import_with_standin(target: str, standin_dir: Path, dependency: str = "torchaudio") -> ModuleType:
    """Import module `target`; if `dependency` fails to import, with the package of that name
    in `standin_dir` in its place while `target` imports."""
    if target in sys.modules or _imports(dependency):
        return importlib.import_module(target)
    sys.path.insert(0, str(standin_dir))
    try:
        return importlib.import_module(target)
    finally:
        sys.path.remove(str(standin_dir))
        _forget(dependency)


def _imports(dependency: str) -> bool:
    try:
        importlib.import_module(dependency)
    except _BROKEN_IMPORT:
        _forget(dependency)  # drop what the failed import left behind
        return False
    return True


def _forget(dependency: str) -> None:
    for name in [m for m in sys.modules if m == dependency or m.startswith(dependency + ".")]:
        del sys.modules[name]
