//! Finance's reports: `/reports/expenses`, `/reports/budget-vs-actual`, `/reports/advances`
//! (JSON here; the CSV/XLSX files are downloaded by the reports screen).

use chrono::NaiveDate;
use gloo_net::http::Method;
use salesops_domain::finance::{AdvanceReport, BudgetReport, ExpenseReport};

use super::{Api, ApiError, Call};

/// The query of the expense report (the same for its JSON and its files).
pub fn expense_query(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    group_by: &str,
) -> Vec<(&'static str, String)> {
    let mut q = Vec::new();
    if let Some(f) = from {
        q.push(("from", f.to_string()));
    }
    if let Some(t) = to {
        q.push(("to", t.to_string()));
    }
    q.push(("group_by", group_by.to_owned()));
    q
}

impl Api {
    pub async fn expense_report(
        &self,
        query: &[(&'static str, String)],
    ) -> Result<ExpenseReport, ApiError> {
        let mut call = Call::new(Method::GET, "/reports/expenses");
        for (k, v) in query {
            call = call.query(k, v);
        }
        self.fetch(call).await
    }

    pub async fn budget_report(&self, month: &str) -> Result<BudgetReport, ApiError> {
        self.fetch(Call::new(Method::GET, "/reports/budget-vs-actual").query("month", month))
            .await
    }

    pub async fn advance_report(&self) -> Result<AdvanceReport, ApiError> {
        self.fetch(Call::new(Method::GET, "/reports/advances").query("outstanding", true))
            .await
    }
}
