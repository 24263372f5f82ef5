"""planscope: read, monitor and align China's development plans.

The library comes first; the command line (``planscope.cli``) is a thin layer over
``planscope.library``.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
