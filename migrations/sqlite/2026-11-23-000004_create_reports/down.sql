DROP TABLE monthly_reports;
DROP TABLE weekly_reports;
