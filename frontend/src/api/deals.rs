//! Deals (项目, 合同, 应收账款): `/projects`, `/contracts`, `/receivables` and
//! `/reports/collections`.

use chrono::NaiveDate;
use gloo_net::http::Method;
use salesops_domain::budgets::DecideRequest;
use salesops_domain::deals::{
    AgingDto, CollectionGroup, CollectionReport, ContractDto, ContractRequest, ContractState,
    CreditProposalDto, PaymentDto, PaymentRequest, PipelineStage, ProjectDto, ProjectRequest,
    ProjectStage, ReceivableDto, SignRequest, StageRequest,
};
use salesops_domain::expenses::{RejectRequest, VersionRequest};
use salesops_domain::workflow::HistoryEntry;

use super::{Api, ApiError, Call, Listing};

/// The deal documents with a workflow history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealDoc {
    Project,
    Contract,
}

impl DealDoc {
    pub fn path(self) -> &'static str {
        match self {
            DealDoc::Project => "/projects",
            DealDoc::Contract => "/contracts",
        }
    }
}

/// Filters of `GET /projects`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectFilter {
    pub client_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub stage: Option<ProjectStage>,
    pub open: Option<bool>,
}

/// Filters of `GET /contracts`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContractFilter {
    pub client_id: Option<i64>,
    pub project_id: Option<i64>,
    pub owner_id: Option<i64>,
    pub state: Option<ContractState>,
    pub to_review: bool,
}

/// Filters of `GET /receivables`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReceivableFilter {
    pub as_of: Option<NaiveDate>,
    pub client_id: Option<i64>,
    pub contract_id: Option<i64>,
    pub overdue: bool,
}

impl Api {
    // --- projects

    pub async fn projects(&self, f: &ProjectFilter) -> Result<Listing<ProjectDto>, ApiError> {
        let call = Call::new(Method::GET, "/projects")
            .opt("client_id", f.client_id)
            .opt("owner_id", f.owner_id)
            .opt("stage", f.stage.map(|s| s.as_str()))
            .opt("open", f.open);
        self.fetch_all(call).await
    }

    pub async fn project(&self, id: i64) -> Result<ProjectDto, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/projects/{id}")))
            .await
    }

    pub async fn create_project(&self, request: &ProjectRequest) -> Result<ProjectDto, ApiError> {
        self.post("/projects", request).await
    }

    /// Change an open project's details (with `version`; the client stays).
    pub async fn update_project(
        &self,
        id: i64,
        request: &ProjectRequest,
    ) -> Result<ProjectDto, ApiError> {
        self.patch(format!("/projects/{id}"), request).await
    }

    pub async fn move_project(
        &self,
        id: i64,
        request: &StageRequest,
    ) -> Result<ProjectDto, ApiError> {
        self.post(format!("/projects/{id}/stage"), request).await
    }

    pub async fn pipeline(&self) -> Result<Vec<PipelineStage>, ApiError> {
        self.fetch(Call::new(Method::GET, "/projects/pipeline"))
            .await
    }

    /// Who did what to a project or a contract, when and why.
    pub async fn deal_history(&self, doc: DealDoc, id: i64) -> Result<Vec<HistoryEntry>, ApiError> {
        self.fetch(Call::new(
            Method::GET,
            format!("{}/{id}/history", doc.path()),
        ))
        .await
    }

    // --- contracts

    pub async fn contracts(&self, f: &ContractFilter) -> Result<Listing<ContractDto>, ApiError> {
        let call = Call::new(Method::GET, "/contracts")
            .opt("client_id", f.client_id)
            .opt("project_id", f.project_id)
            .opt("owner_id", f.owner_id)
            .opt("state", f.state.map(|s| s.as_str()))
            .opt("to_review", f.to_review.then_some(true));
        let mut list: Listing<ContractDto> = self.fetch_all(call).await?;
        list.items.sort_by_key(|c| std::cmp::Reverse(c.id));
        Ok(list)
    }

    /// How many contracts wait for the caller's review (one row fetched).
    pub async fn contracts_to_review_count(&self) -> Result<i64, ApiError> {
        let page: salesops_domain::Page<ContractDto> = self
            .fetch(
                Call::new(Method::GET, "/contracts")
                    .query("to_review", true)
                    .query("per_page", 1),
            )
            .await?;
        Ok(page.total)
    }

    pub async fn contract(&self, id: i64) -> Result<ContractDto, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/contracts/{id}")))
            .await
    }

    pub async fn create_contract(
        &self,
        request: &ContractRequest,
    ) -> Result<ContractDto, ApiError> {
        self.post("/contracts", request).await
    }

    pub async fn update_contract(
        &self,
        id: i64,
        request: &ContractRequest,
    ) -> Result<ContractDto, ApiError> {
        self.patch(format!("/contracts/{id}"), request).await
    }

    pub async fn submit_contract(&self, id: i64, version: i64) -> Result<ContractDto, ApiError> {
        self.post(
            format!("/contracts/{id}/submit"),
            &VersionRequest { version },
        )
        .await
    }

    pub async fn cancel_contract(&self, id: i64, version: i64) -> Result<ContractDto, ApiError> {
        self.post(
            format!("/contracts/{id}/cancel"),
            &VersionRequest { version },
        )
        .await
    }

    pub async fn approve_contract(
        &self,
        id: i64,
        request: &DecideRequest,
    ) -> Result<ContractDto, ApiError> {
        self.post(format!("/contracts/{id}/approve"), request).await
    }

    pub async fn reject_contract(
        &self,
        id: i64,
        request: &RejectRequest,
    ) -> Result<ContractDto, ApiError> {
        self.post(format!("/contracts/{id}/reject"), request).await
    }

    pub async fn sign_contract(
        &self,
        id: i64,
        request: &SignRequest,
    ) -> Result<ContractDto, ApiError> {
        self.post(format!("/contracts/{id}/sign"), request).await
    }

    pub async fn payments(&self, contract_id: i64) -> Result<Vec<PaymentDto>, ApiError> {
        self.fetch(Call::new(
            Method::GET,
            format!("/contracts/{contract_id}/payments"),
        ))
        .await
    }

    pub async fn record_payment(
        &self,
        contract_id: i64,
        request: &PaymentRequest,
    ) -> Result<PaymentDto, ApiError> {
        self.post(format!("/contracts/{contract_id}/payments"), request)
            .await
    }

    /// The printable collection letter (催款函, HTML), fetched with the session's token.
    pub async fn collection_letter(&self, contract_id: i64) -> Result<String, ApiError> {
        let call = Call::new(
            Method::GET,
            format!("/contracts/{contract_id}/collection-letter"),
        )
        .query("format", "html");
        Ok(self.send(call).await?.text)
    }

    // --- receivables

    pub async fn receivables(
        &self,
        f: &ReceivableFilter,
    ) -> Result<Listing<ReceivableDto>, ApiError> {
        let call = Call::new(Method::GET, "/receivables")
            .opt("as_of", f.as_of)
            .opt("client_id", f.client_id)
            .opt("contract_id", f.contract_id)
            .opt("overdue", f.overdue.then_some(true));
        self.fetch_all(call).await
    }

    pub async fn aging(&self, as_of: Option<NaiveDate>) -> Result<AgingDto, ApiError> {
        self.fetch(Call::new(Method::GET, "/receivables/aging").opt("as_of", as_of))
            .await
    }

    pub async fn credit_proposals(&self) -> Result<Vec<CreditProposalDto>, ApiError> {
        self.fetch(Call::new(Method::GET, "/receivables/credit-proposals"))
            .await
    }

    pub async fn collection_report(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        group_by: CollectionGroup,
    ) -> Result<CollectionReport, ApiError> {
        self.fetch(
            Call::new(Method::GET, "/reports/collections")
                .query("from", from)
                .query("to", to)
                .query("group_by", group_by.as_str()),
        )
        .await
    }
}
