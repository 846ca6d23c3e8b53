"""Analysis of the CRM's exports: read (exports → typed DuckDB tables), measure (KPI measures →
generated SQL → values, the funnel), audit (the CRM rules → diagnostics), and the result types a
report or a dashboard is drawn from."""
