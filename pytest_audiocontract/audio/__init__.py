"""Audio helpers: resampling, file I/O, synthesis and Hypothesis strategies."""
