DROP INDEX scores_state_idx;
