-- The inbox counts the disputes waiting for a resolver across months: by state first.
CREATE INDEX scores_state_idx ON scores (state, user_id);
