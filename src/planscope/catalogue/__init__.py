"""The catalogue: indicators (names, units, kinds, directions), the GB/T 2260 regions,
and what an indicator search matches."""
