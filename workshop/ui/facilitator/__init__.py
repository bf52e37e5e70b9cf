"""The facilitator's console: agenda, focus, rounds and tallies, moderation."""
