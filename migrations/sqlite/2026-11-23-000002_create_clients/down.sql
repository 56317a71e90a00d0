DROP TABLE handovers;
DROP TABLE client_satisfaction;
DROP TABLE cases;
DROP TABLE follow_ups;
DROP TABLE client_history;
DROP TABLE clients;
