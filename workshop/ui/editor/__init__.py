"""The facilitator's editor of workshop content."""
