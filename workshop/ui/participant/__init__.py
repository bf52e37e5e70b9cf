"""The participant's door: join steps, voting, comments, results; the idea, results and status elements."""
