"""Development proposals (utvecklingsförslag): writing, the benefit calculation, the board's assessment,
the lifecycle up to approval, import and the decision memo. The bottom concern of the portfolio: it
imports no other portfolio concern."""
