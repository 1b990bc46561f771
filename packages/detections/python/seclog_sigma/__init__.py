"""seclog's Sigma tooling: converts the rule pack with pySigma into DuckDB SQL (replay) and SIEM artefacts."""
