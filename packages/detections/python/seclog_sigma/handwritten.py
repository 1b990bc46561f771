"""
Hand-checked equivalents for what a pySigma backend cannot convert (never a silently wrong query): each one is the
same logic as the Sigma rule, written in the backend's language over the same mapped fields, and tested for shape.

- `value_sum` correlations: pySigma's ES|QL and Splunk backends raise NotImplementedError (its EQL backend has no
  sum at all, and turns `value_count` into a sequence `runs=` count, which counts events, not distinct values — the
  pack ships no EQL for that reason).
"""
HANDWRITTEN = {
    "seclog_data_export_volume_spike": {
        "esql": (
            "from logs-* metadata _id, _index, _version"
            ' | where event.action=="security_event.data.export" and event.outcome=="success"'
            "\n| eval timebucket=date_trunc(1hours, @timestamp)"
            " | stats value_sum=sum(security_event.data.record_count) by timebucket, user.id"
            "\n| where value_sum >= 50000"
        ),
        "splunk": (
            'signature="security_event.data.export" security_event.outcome="success"'
            "\n\n| bin _time span=1h\n| stats sum(record_count) as value_sum by _time user_id"
            "\n\n| search value_sum >= 50000"
        ),
    },
}
