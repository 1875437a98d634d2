"""zapiska: explanatory notes on citizens' appeals from a YAML file of figures."""

__version__ = "0.1.0"
