//! `/clients`, `/follow-ups`, `/cases`, `/handovers`: the client screens' calls.

use gloo_net::http::Method;
use salesops_domain::Page;
use salesops_domain::cases::{CaseDto, CaseListQuery, ResolveCaseRequest};
use salesops_domain::client_changes::{
    ClientListQuery, DueClientDto, DueQuery, ImportReport, SatisfactionDto, SatisfactionRequest,
    UpdateClientRequest,
};
use salesops_domain::clients::{ClientDto, CreateClientRequest};
use salesops_domain::follow_ups::{CreateFollowUpRequest, FollowUpDto};
use salesops_domain::handovers::{CreateHandoverRequest, HandoverDto, HandoverPreviewDto};

use super::{Api, ApiError, Call, Listing};

impl Api {
    /// One page of the clients matching `filter`.
    pub async fn list_clients(
        &self,
        filter: &ClientListQuery,
        page: u32,
        per_page: u32,
    ) -> Result<Page<ClientDto>, ApiError> {
        self.fetch(
            clients_call(filter)
                .query("page", page)
                .query("per_page", per_page),
        )
        .await
    }

    /// Every client matching `filter`.
    pub async fn all_clients(
        &self,
        filter: &ClientListQuery,
    ) -> Result<Listing<ClientDto>, ApiError> {
        self.fetch_all(clients_call(filter)).await
    }

    pub async fn get_client(&self, id: i64) -> Result<ClientDto, ApiError> {
        self.fetch(Call::new(Method::GET, format!("/clients/{id}")))
            .await
    }

    pub async fn create_client(
        &self,
        request: &CreateClientRequest,
    ) -> Result<ClientDto, ApiError> {
        self.post("/clients", request).await
    }

    pub async fn update_client(
        &self,
        id: i64,
        request: &UpdateClientRequest,
    ) -> Result<ClientDto, ApiError> {
        self.patch(format!("/clients/{id}"), request).await
    }

    pub async fn client_follow_ups(&self, id: i64) -> Result<Listing<FollowUpDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, format!("/clients/{id}/follow-ups")))
            .await
    }

    pub async fn create_follow_up(
        &self,
        client_id: i64,
        request: &CreateFollowUpRequest,
    ) -> Result<FollowUpDto, ApiError> {
        self.post(format!("/clients/{client_id}/follow-ups"), request)
            .await
    }

    pub async fn list_cases(&self, filter: &CaseListQuery) -> Result<Listing<CaseDto>, ApiError> {
        let call = Call::new(Method::GET, "/cases")
            .opt("state", filter.state.map(|s| s.as_str()))
            .opt("overdue", filter.overdue)
            .opt("owner_id", filter.owner_id)
            .opt("team_id", filter.team_id)
            .opt("client_id", filter.client_id)
            .opt("unresolved", filter.unresolved);
        self.fetch_all(call).await
    }

    /// `POST /cases/{id}/escalate`.
    pub async fn escalate_case(&self, id: i64) -> Result<CaseDto, ApiError> {
        self.fetch(Call::new(Method::POST, format!("/cases/{id}/escalate")))
            .await
    }

    /// `POST /cases/{id}/resolve` with the answer given to the client.
    pub async fn resolve_case(
        &self,
        id: i64,
        request: &ResolveCaseRequest,
    ) -> Result<CaseDto, ApiError> {
        self.post(format!("/cases/{id}/resolve"), request).await
    }

    pub async fn add_satisfaction(
        &self,
        client_id: i64,
        request: &SatisfactionRequest,
    ) -> Result<SatisfactionDto, ApiError> {
        self.post(format!("/clients/{client_id}/satisfaction"), request)
            .await
    }

    /// The clients due for a follow-up (and overdue).
    pub async fn due_follow_ups(
        &self,
        filter: &DueQuery,
    ) -> Result<Listing<DueClientDto>, ApiError> {
        self.fetch_all(due_call(filter)).await
    }

    /// How many clients are due for a follow-up (one row fetched, for its count).
    pub async fn due_count(&self, filter: &DueQuery) -> Result<i64, ApiError> {
        let page: Page<DueClientDto> = self
            .fetch(due_call(filter).query("page", 1).query("per_page", 1))
            .await?;
        Ok(page.total)
    }

    /// Sends a CSV file (`Blob`) to the import; `dry_run` only checks it.
    pub async fn import_clients(
        &self,
        file: wasm_bindgen::JsValue,
        dry_run: bool,
    ) -> Result<ImportReport, ApiError> {
        self.fetch(
            Call::new(Method::POST, "/clients/import")
                .query("dry_run", dry_run)
                .raw("text/csv", file),
        )
        .await
    }

    pub async fn handover_preview(
        &self,
        from_user_id: i64,
    ) -> Result<HandoverPreviewDto, ApiError> {
        self.fetch(Call::new(Method::GET, "/handovers/preview").query("from_user_id", from_user_id))
            .await
    }

    pub async fn create_handover(
        &self,
        request: &CreateHandoverRequest,
    ) -> Result<HandoverDto, ApiError> {
        self.post("/handovers", request).await
    }

    pub async fn list_handovers(&self) -> Result<Listing<HandoverDto>, ApiError> {
        self.fetch_all(Call::new(Method::GET, "/handovers")).await
    }
}

fn clients_call(filter: &ClientListQuery) -> Call {
    let q = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    Call::new(Method::GET, "/clients")
        .opt("q", q)
        .opt("owner_id", filter.owner_id)
        .opt("team_id", filter.team_id)
        .opt("tier", filter.tier.map(|t| t.as_str()))
        .opt("stage", filter.stage.map(|s| s.as_str()))
        .opt("credit", filter.credit.map(|c| c.as_str()))
        .opt("overdue", filter.overdue)
        .opt("sort", filter.sort.map(|s| s.as_str()))
}

fn due_call(filter: &DueQuery) -> Call {
    Call::new(Method::GET, "/follow-ups/due")
        .opt("date", filter.date)
        .opt("owner_id", filter.owner_id)
        .opt("team_id", filter.team_id)
}
