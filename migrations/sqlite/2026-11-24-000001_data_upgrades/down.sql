DROP TABLE data_upgrades;
