"""The only code that touches AWS data stores. Services receive repositories as keyword arguments."""
