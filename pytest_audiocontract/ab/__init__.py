"""`audiocontract ab`: two packs measured side by side, interleaved, in one session."""
