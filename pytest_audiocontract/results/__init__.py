"""What a run measured: records attached to test reports, and where they are gathered."""
