"""The performance benchmark: briefing against the plain-library floors and the peers, as ratios measured side by side."""
