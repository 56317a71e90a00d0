-- Attendance and trainings (SPEC §6, seed 001 §五): the records two of the scores read.
-- Keep in step with migrations/postgres (a test compares the tables and columns both produce).

-- A day a person was absent or away half a day (one record per person and day).
CREATE TABLE attendance (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id BIGINT NOT NULL REFERENCES users (id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX attendance_user_date_idx ON attendance (user_id, date);
CREATE INDEX attendance_date_idx ON attendance (date, id);
CREATE INDEX attendance_recorded_by_idx ON attendance (recorded_by);

CREATE TABLE trainings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    date TEXT NOT NULL,
    topic TEXT NOT NULL,
    kind TEXT NOT NULL,
    trainer_id BIGINT NOT NULL REFERENCES users (id),
    notes TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX trainings_date_idx ON trainings (date, id);
CREATE INDEX trainings_trainer_id_idx ON trainings (trainer_id);
CREATE INDEX trainings_created_by_idx ON trainings (created_by);

CREATE TABLE training_attendees (
    training_id BIGINT NOT NULL REFERENCES trainings (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (training_id, user_id)
);
CREATE INDEX training_attendees_user_id_idx ON training_attendees (user_id, training_id);

-- 考核: an attendee's assessment; a person is re-assessed by adding another.
CREATE TABLE training_assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    training_id BIGINT NOT NULL REFERENCES trainings (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    passed BOOLEAN NOT NULL,
    score INTEGER,
    note TEXT,
    assessed_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX training_assessments_training_id_idx ON training_assessments (training_id, id);
CREATE INDEX training_assessments_user_id_idx ON training_assessments (user_id, id);
CREATE INDEX training_assessments_assessed_by_idx ON training_assessments (assessed_by);
