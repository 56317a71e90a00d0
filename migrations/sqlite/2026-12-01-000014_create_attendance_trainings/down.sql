DROP TABLE training_assessments;
DROP TABLE training_attendees;
DROP TABLE trainings;
DROP TABLE attendance;
