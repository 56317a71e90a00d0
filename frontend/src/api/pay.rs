//! Pay (薪酬, issue 13): `/reports/payroll` (JSON here; its CSV/XLSX are downloaded by the
//! payroll screen), `/pay-items`, `/branch-profits`, `/pay-grades`, `/pay-settings` and
//! `/commission-rules`.

use gloo_net::http::Method;
use salesops_domain::Page;
use salesops_domain::pay::{
    BranchProfitDto, BranchProfitRequest, CommissionRuleDto, CommissionRuleRequest, PayGradeDto,
    PayGradeRequest, PayItemDto, PayItemRequest, PaySettingsDto, PaySettingsRequest, PayrollSheet,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{Api, ApiError, Call, Listing, MAX_PAGES};

/// A list answered either as pages or as one array.
#[derive(Deserialize)]
#[serde(untagged)]
enum Rows<T> {
    Page(Page<T>),
    All(Vec<T>),
}

impl Api {
    /// Every row of a list, whether the server pages it or answers one array.
    async fn rows<T: DeserializeOwned>(&self, call: Call) -> Result<Listing<T>, ApiError> {
        let mut items = Vec::new();
        for page in 1..=MAX_PAGES {
            let per_page = salesops_domain::page::MAX_PER_PAGE;
            let got: Rows<T> = self
                .fetch(call.clone().query("page", page).query("per_page", per_page))
                .await?;
            match got {
                Rows::All(all) => {
                    let total = all.len() as i64;
                    return Ok(Listing {
                        items: all,
                        total,
                        complete: true,
                    });
                }
                Rows::Page(p) => {
                    let last = p.items.len() < per_page as usize;
                    items.extend(p.items);
                    if last || items.len() as i64 >= p.total {
                        return Ok(Listing {
                            items,
                            total: p.total,
                            complete: true,
                        });
                    }
                }
            }
        }
        let total = items.len() as i64;
        Ok(Listing {
            items,
            total,
            complete: false,
        })
    }

    async fn put<B: serde::Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.fetch(Call::new(Method::PUT, path).json(body)?).await
    }

    // --- the payroll sheet

    pub async fn payroll(&self, month: &str) -> Result<PayrollSheet, ApiError> {
        self.fetch(Call::new(Method::GET, "/reports/payroll").query("month", month))
            .await
    }

    // --- incentives and deductions

    pub async fn pay_items(&self, month: &str) -> Result<Listing<PayItemDto>, ApiError> {
        self.rows(Call::new(Method::GET, "/pay-items").query("month", month))
            .await
    }

    pub async fn create_pay_item(&self, request: &PayItemRequest) -> Result<PayItemDto, ApiError> {
        self.post("/pay-items", request).await
    }

    pub async fn delete_pay_item(&self, id: i64) -> Result<(), ApiError> {
        self.execute(Call::new(Method::DELETE, format!("/pay-items/{id}")))
            .await
    }

    // --- branch profits

    pub async fn branch_profits(
        &self,
        month: Option<&str>,
    ) -> Result<Listing<BranchProfitDto>, ApiError> {
        self.rows(Call::new(Method::GET, "/branch-profits").opt("month", month))
            .await
    }

    pub async fn create_branch_profit(
        &self,
        request: &BranchProfitRequest,
    ) -> Result<BranchProfitDto, ApiError> {
        self.post("/branch-profits", request).await
    }

    pub async fn delete_branch_profit(&self, id: i64) -> Result<(), ApiError> {
        self.execute(Call::new(Method::DELETE, format!("/branch-profits/{id}")))
            .await
    }

    // --- pay grades, settings, commission rules

    pub async fn pay_grades(&self) -> Result<Listing<PayGradeDto>, ApiError> {
        self.rows(Call::new(Method::GET, "/pay-grades")).await
    }

    pub async fn create_pay_grade(
        &self,
        request: &PayGradeRequest,
    ) -> Result<PayGradeDto, ApiError> {
        self.post("/pay-grades", request).await
    }

    pub async fn pay_settings(&self) -> Result<PaySettingsDto, ApiError> {
        self.fetch(Call::new(Method::GET, "/pay-settings")).await
    }

    pub async fn put_pay_settings(
        &self,
        request: &PaySettingsRequest,
    ) -> Result<PaySettingsDto, ApiError> {
        self.put("/pay-settings", request).await
    }

    pub async fn commission_rules(&self) -> Result<Listing<CommissionRuleDto>, ApiError> {
        self.rows(Call::new(Method::GET, "/commission-rules")).await
    }

    pub async fn create_commission_rule(
        &self,
        request: &CommissionRuleRequest,
    ) -> Result<CommissionRuleDto, ApiError> {
        self.post("/commission-rules", request).await
    }
}
