"""A stand-in for the part of torchaudio that `torch_vggish_yamnet` (0.2.1) imports.

The port's input pipeline (torch_vggish_yamnet/input_proc.py, imported by its package
`__init__`) does `import torchaudio.transforms as ta_trans` and subclasses
`ta_trans.MelSpectrogram`. torchaudio's wheels are built against one torch release each; none
matches the CPU torch 2.13.0 used here, so importing the port fails. `transforms` here
implements the two classes the port uses, `MelSpectrogram` (torchaudio's semantics, in torch)
and `Resample` (only between equal rates: the pack resamples with soxr before). The pack's
yamnetimport.py makes this importable only while the port imports, and only when a real
torchaudio cannot be imported; the port keeps it, nothing else sees it.
"""

from __future__ import annotations

STANDIN = True  # what the pack's tests check: this is not torchaudio
