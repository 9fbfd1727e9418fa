"""Public benchmarks for khronika's linking model (ECB+ cross-document event coreference)."""
