//! Money out (费用): `/expense-claims`, `/advances`, `/budget-supplements`, `/receipts` and
//! `/expense-standards`.

use gloo_net::http::Method;
use salesops_domain::advances::{AdvanceDto, AdvanceRequest, AdvanceState, RepaymentRequest};
use salesops_domain::budgets::{
    CreateSupplementRequest, DecideRequest, SupplementDto, SupplementState,
};
use salesops_domain::expenses::{
    ApproveClaimRequest, BulkPayRequest, ClaimDto, ClaimPreviewDto, ClaimRequest, ClaimState,
    CreateExpenseStandardRequest, ExpenseStandardDto, PayRequest, RejectRequest,
    UpdateExpenseStandardRequest, VersionRequest,
};
use salesops_domain::receipts::ReceiptDto;
use salesops_domain::workflow::HistoryEntry;

use super::{Api, ApiError, Call, Listing};

/// The money documents that move through the workflow, by their path under `/api/v1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyDoc {
    Claim,
    Advance,
    Supplement,
}

impl MoneyDoc {
    pub fn path(self) -> &'static str {
        match self {
            MoneyDoc::Claim => "/expense-claims",
            MoneyDoc::Advance => "/advances",
            MoneyDoc::Supplement => "/budget-supplements",
        }
    }
}

impl Api {
    // --- claims

    /// The caller's own claims, newest first.
    pub async fn my_claims(&self, owner_id: i64) -> Result<Listing<ClaimDto>, ApiError> {
        let mut list: Listing<ClaimDto> = self
            .fetch_all(Call::new(Method::GET, "/expense-claims").query("owner_id", owner_id))
            .await?;
        list.items.sort_by_key(|c| std::cmp::Reverse(c.id));
        Ok(list)
    }

    /// The claims the caller may approve now (a manager: submitted; finance: manager-approved).
    pub async fn claims_to_approve(&self) -> Result<Listing<ClaimDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, "/expense-claims").query("to_approve", true))
            .await
    }

    /// Claims in a state (finance: everyone's).
    pub async fn claims_in_state(&self, state: ClaimState) -> Result<Listing<ClaimDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, "/expense-claims").query("state", state.as_str()))
            .await
    }

    pub async fn claim(&self, id: i64) -> Result<ClaimDto, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/expense-claims/{id}")))
            .await
    }

    pub async fn create_claim(&self, request: &ClaimRequest) -> Result<ClaimDto, ApiError> {
        self.post("/expense-claims", request).await
    }

    pub async fn update_claim(
        &self,
        id: i64,
        request: &ClaimRequest,
    ) -> Result<ClaimDto, ApiError> {
        self.patch(format!("/expense-claims/{id}"), request).await
    }

    /// The lines checked as a submission would check them; nothing is stored.
    pub async fn preview_claim(&self, request: &ClaimRequest) -> Result<ClaimPreviewDto, ApiError> {
        self.post("/expense-claims/preview", request).await
    }

    pub async fn submit_claim(&self, id: i64, version: i64) -> Result<ClaimDto, ApiError> {
        self.post(
            format!("/expense-claims/{id}/submit"),
            &VersionRequest { version },
        )
        .await
    }

    pub async fn cancel_claim(&self, id: i64, version: i64) -> Result<ClaimDto, ApiError> {
        self.post(
            format!("/expense-claims/{id}/cancel"),
            &VersionRequest { version },
        )
        .await
    }

    pub async fn approve_claim(
        &self,
        id: i64,
        request: &ApproveClaimRequest,
    ) -> Result<ClaimDto, ApiError> {
        self.post(format!("/expense-claims/{id}/approve"), request)
            .await
    }

    /// Several claims paid in one transaction (all or none).
    pub async fn pay_claims(&self, request: &BulkPayRequest) -> Result<Vec<ClaimDto>, ApiError> {
        self.post("/expense-claims/pay", request).await
    }

    // --- every money document

    pub async fn reject_money<T: serde::de::DeserializeOwned>(
        &self,
        doc: MoneyDoc,
        id: i64,
        request: &RejectRequest,
    ) -> Result<T, ApiError> {
        self.post(format!("{}/{id}/reject", doc.path()), request)
            .await
    }

    /// Who did what to the document, when and why.
    pub async fn money_history(
        &self,
        doc: MoneyDoc,
        id: i64,
    ) -> Result<Vec<HistoryEntry>, ApiError> {
        self.fetch(Call::new(
            Method::GET,
            format!("{}/{id}/history", doc.path()),
        ))
        .await
    }

    // --- advances

    pub async fn my_advances(&self, owner_id: i64) -> Result<Listing<AdvanceDto>, ApiError> {
        let mut list: Listing<AdvanceDto> = self
            .fetch_all(Call::new(Method::GET, "/advances").query("owner_id", owner_id))
            .await?;
        list.items.sort_by_key(|a| std::cmp::Reverse(a.id));
        Ok(list)
    }

    pub async fn advances_to_approve(&self) -> Result<Listing<AdvanceDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, "/advances").query("to_approve", true))
            .await
    }

    pub async fn advances_in_state(
        &self,
        state: AdvanceState,
    ) -> Result<Listing<AdvanceDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, "/advances").query("state", state.as_str()))
            .await
    }

    pub async fn create_advance(&self, request: &AdvanceRequest) -> Result<AdvanceDto, ApiError> {
        self.post("/advances", request).await
    }

    pub async fn submit_advance(&self, id: i64, version: i64) -> Result<AdvanceDto, ApiError> {
        self.post(
            format!("/advances/{id}/submit"),
            &VersionRequest { version },
        )
        .await
    }

    pub async fn cancel_advance(&self, id: i64, version: i64) -> Result<AdvanceDto, ApiError> {
        self.post(
            format!("/advances/{id}/cancel"),
            &VersionRequest { version },
        )
        .await
    }

    pub async fn approve_advance(
        &self,
        id: i64,
        request: &DecideRequest,
    ) -> Result<AdvanceDto, ApiError> {
        self.post(format!("/advances/{id}/approve"), request).await
    }

    pub async fn pay_advance(&self, id: i64, request: &PayRequest) -> Result<AdvanceDto, ApiError> {
        self.post(format!("/advances/{id}/pay"), request).await
    }

    pub async fn repay_advance(
        &self,
        id: i64,
        request: &RepaymentRequest,
    ) -> Result<AdvanceDto, ApiError> {
        self.post(format!("/advances/{id}/repayments"), request)
            .await
    }

    // --- budget supplements

    pub async fn supplements_to_approve(&self) -> Result<Listing<SupplementDto>, ApiError> {
        self.fetch_all(
            Call::new(Method::GET, "/budget-supplements")
                .query("to_approve", true)
                .query("state", SupplementState::Submitted.as_str()),
        )
        .await
    }

    pub async fn create_supplement(
        &self,
        request: &CreateSupplementRequest,
    ) -> Result<SupplementDto, ApiError> {
        self.post("/budget-supplements", request).await
    }

    pub async fn submit_supplement(
        &self,
        id: i64,
        version: i64,
    ) -> Result<SupplementDto, ApiError> {
        self.post(
            format!("/budget-supplements/{id}/submit"),
            &VersionRequest { version },
        )
        .await
    }

    pub async fn approve_supplement(
        &self,
        id: i64,
        request: &DecideRequest,
    ) -> Result<SupplementDto, ApiError> {
        self.post(format!("/budget-supplements/{id}/approve"), request)
            .await
    }

    // --- receipts

    /// Uploads a photo or PDF of a receipt (multipart: `file`).
    pub async fn upload_receipt(&self, file: &web_sys::File) -> Result<ReceiptDto, ApiError> {
        let form = web_sys::FormData::new().map_err(|e| ApiError::Network(format!("{e:?}")))?;
        form.append_with_blob_and_filename("file", file, &file.name())
            .map_err(|e| ApiError::Network(format!("{e:?}")))?;
        self.fetch(Call::new(Method::POST, "/receipts").form(form.into()))
            .await
    }

    // --- standards

    pub async fn expense_standards(&self) -> Result<Listing<ExpenseStandardDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, "/expense-standards"))
            .await
    }

    pub async fn create_standard(
        &self,
        request: &CreateExpenseStandardRequest,
    ) -> Result<ExpenseStandardDto, ApiError> {
        self.post("/expense-standards", request).await
    }

    pub async fn update_standard(
        &self,
        id: i64,
        request: &UpdateExpenseStandardRequest,
    ) -> Result<ExpenseStandardDto, ApiError> {
        self.patch(format!("/expense-standards/{id}"), request)
            .await
    }
}
