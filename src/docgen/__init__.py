"""docgen: Excel registers of petition offices into the Word documents they must issue."""

__version__ = "0.1.0"
