"""
pySigma's DuckDB backend with two corrections the replay depends on (pySigma-backend-duckdb 0.1.4):

- Correlations honour `timespan`. The upstream templates group over the whole table, so ten failures spread over a
  month would count as a brute force. Here every correlation groups by a tumbling window of `timespan` seconds aligned
  to the Unix epoch, the same windows pySigma's ES|QL (`date_trunc`) and Splunk (`bin _time span=`) conversions use, and
  returns the window start and the `record_id`s of the matching records (the evidence of the alert).
- Plain string equality is `ILIKE` with `%`, `_` and `\\` escaped: upstream leaves `_` unescaped, and `_` is a
  one-character wildcard in `ILIKE` (every seclog event name holds one). Sigma matching stays case-insensitive.
"""
from typing import ClassVar, Dict, Optional

from sigma.conditions import ConditionFieldEqualsValueExpression
from sigma.conversion.state import ConversionState
from sigma.types import SigmaString
from sigma_backend_duckdb.backend import DuckDBBackend

# One template for every aggregate correlation: matching records, their tumbling window, the group, the aggregate.
_WINDOWED = (
    "SELECT {select_fields}, to_timestamp(sigma_window * {timespan}) AS window_start{aggregate}, "
    "list(record_id ORDER BY record_id) AS record_ids "
    "FROM (SELECT *, floor(epoch(\"timestamp\") / {timespan})::BIGINT AS sigma_window FROM ({search}) AS matched) "
    "AS subquery GROUP BY {select_fields}, sigma_window HAVING {condition} ORDER BY window_start"
)


class WindowedDuckDBBackend(DuckDBBackend):
    """DuckDB backend whose correlations are windowed by `timespan` and whose equality escapes LIKE wildcards."""

    name: ClassVar[str] = "seclog windowed DuckDB"
    event_count_correlation_query: ClassVar[Optional[Dict[str, str]]] = {"default": _WINDOWED}
    value_count_correlation_query: ClassVar[Optional[Dict[str, str]]] = {"default": _WINDOWED}
    value_sum_correlation_query: ClassVar[Optional[Dict[str, str]]] = {"default": _WINDOWED}
    # Not used by the pack; refused rather than converted without their time bound.
    value_avg_correlation_query: ClassVar[Optional[Dict[str, str]]] = None
    value_percentile_correlation_query: ClassVar[Optional[Dict[str, str]]] = None
    value_median_correlation_query: ClassVar[Optional[Dict[str, str]]] = None

    def convert_condition_field_eq_val_str(
        self, cond: ConditionFieldEqualsValueExpression, state: ConversionState
    ):
        if cond.value.contains_special():
            return super().convert_condition_field_eq_val_str(cond, state)
        plain = str(cond.value)
        escaped = plain.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace("'", "''")
        return f"{self.escape_and_quote_field(cond.field)} ILIKE '{escaped}' ESCAPE '\\'"
