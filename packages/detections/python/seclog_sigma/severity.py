"""Sigma level → each SIEM's severity scale (one table, so routing guides and artefacts agree)."""
KIBANA = {"low": ("low", 21), "medium": ("medium", 47), "high": ("high", 73), "critical": ("critical", 99)}
SPLUNK = {"low": 3, "medium": 4, "high": 5, "critical": 6}  # alert.severity: 3 low … 6 critical
DATADOG = {"low": "low", "medium": "medium", "high": "high", "critical": "critical"}
