"""Benchmarks for KKR Monitor (`make bench`). See bench/README.md."""
